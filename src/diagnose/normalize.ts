// The one form of a paste every reader sees. Text copied from a web page, a Windows console or a
// Japanese or Chinese IME differs from what its author typed only in invisible ways: CRLF line
// ends, no-break and ideographic spaces, full-width digits and punctuation ("ＳＩＰ ４０３："), and
// the curly quotes a forum or a word processor makes of typed ones (‘603 Decline’, and the low
// ones of German, Czech or Slovak: „Busy Here“).
// Read raw, `403\u00a0Forbidden` is no status line and `４０３` no code.

// eslint-disable-next-line no-control-regex, no-misleading-character-class
const UNUSUAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00A0\u00AD\u2000-\u200D\u2018\u2019\u201A\u201C\u201D\u201E\u202F\u205F\u2060\u3000\uFEFF\uFF01-\uFF5E\uFFFD]/;
const UTF16 = new TextDecoder('utf-16le');
/** The marks of a quoted line in an e-mail or a markdown reply ("> ", "> > "), nested at most 8 deep. */
const QUOTE_MARKS = /^[ \t]{0,3}(?:>[ \t]?){1,8}/gm;
/** A line that starts with a quote mark, after at most three blanks: the paste quotes a reply. */
const QUOTED_LINE = /^[ \t]{0,3}>/m;

/** A space in any script, other than the ASCII space: no-break, thin, narrow, ideographic. */
function isOtherSpace(c: number): boolean {
  return c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * CRLF becomes LF; a quoted line loses its quote marks; zero-width characters go; control
 * characters other than tab and newline, and the spaces of other scripts, become spaces;
 * full-width ASCII becomes ASCII; curly quotes become straight ones. One pass over the
 * characters: 64 MB of NUL bytes costs one copy, not 64 million replacements. A reader may call
 * it again on text that went through it.
 */
export function normalizeText(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const t = QUOTED_LINE.test(lf) ? lf.replace(QUOTE_MARKS, '') : lf;
  if (!UNUSUAL.test(t)) return t;
  const out = new Uint16Array(t.length);
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff || c === 0xad) continue;
    if (c >= 0xff01 && c <= 0xff5e) out[n++] = c - 0xfee0;
    else if (c === 0x2018 || c === 0x2019 || c === 0x201a) out[n++] = 39;
    else if (c === 0x201c || c === 0x201d || c === 0x201e) out[n++] = 34;
    else out[n++] = (c < 32 && c !== 9 && c !== 10) || c === 0x7f || c === 0xfffd || isOtherSpace(c) ? 32 : c;
  }
  return UTF16.decode(out.subarray(0, n));
}
