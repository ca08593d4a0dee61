// key=value and console forms: CallEndReason=403 CallEndSubReason=510559, subCode: 510559,
// "code": 403, `Final SIP Code “487”, Final Microsoft subcode “540200”`, code `410` and subCode `3101`.
// Keys close together (one object, one log line) form one mention.
import { codeFromJsonValue } from './json';
import { blank, isQ850, isSip } from './text';
import type { LineReaderKind, Positioned } from './types';
import type { MentionFormat } from '../types';

type Slot = 'ms' | 'sip' | 'q850' | 'phrase';

/** Quotes people put around keys and values: straight, curly, backticks. */
const Q = `"'\`\u201c\u201d\u2018\u2019`;

// Order matters: the more specific names come first in the alternation.
const KEY_SOURCE = [
  // Microsoft codes
  String.raw`(?<ms>call[ _]?end[ _]?sub[ _]?reason|participant[ _]?end[ _]?sub[ _]?(?:code|reason)|final[ _]?microsoft[ _]?sub[ _]?code|microsoft[ _]?(?:response[ _]?)?(?:sub[ _]?)?code|ms[ _]?(?:response[ _]?)?code|result[ _]?sub[ _]?code|_?sub[ _-]?code|sub[ _]?reason)`,
  // Q.850
  String.raw`(?<q850>q\.?[ ]?850[ _]?(?:cause|code)?|cause)`,
  // SIP codes
  String.raw`(?<sip>call[ _]?end[ _]?reason|participant[ _]?end[ _]?reason|final[ _]?sip[ _]?code|sip[ _]?(?:response[ _]?|status[ _]?)?(?:code)?|status[ _]?code|response[ _]?code|_?code)`,
].join('|');
export const KEY_VALUE = new RegExp(
  String.raw`(?<![A-Za-z0-9])[${Q}]?(?:${KEY_SOURCE})[${Q}]?[ \t]{0,8}(?:(?:[:=]>?|\bis\b|\bof\b|\bwas\b)[ \t]{0,8})?[${Q}*]{0,2}(?<value>\d{1,9}(?!\d)|undefined|null|none)(?![.:]\d)`,
  'gi',
);
export const PHRASE_VALUE = /(?<![A-Za-z0-9])["']?(?:final[ _]?sip[ _]?(?:code[ _]?)?phrase|reason[ _]?phrase|_?message|phrase)["']?[ \t]{0,8}[:=][ \t]{0,8}(["'])([^"'\n]{1,300})\1/gi;
/** Case-sensitive alternatives: a cheaper test on every log line than one ignoring case. */
const HAS_KEY_HINT = /[Cc]ode|CODE|[Rr]eason|REASON|[Cc]ause|CAUSE|850|[Pp]hrase|PHRASE|[Mm]essage|MESSAGE/;

interface Token {
  slot: Slot;
  /** null: the key was present but said "no value" (`subCode: undefined`). */
  value: number | string | null;
  line: number;
  col: number;
  /** Offset in the whole text, for grouping tokens that belong to one object. */
  at: number;
  format: MentionFormat;
  excerpt: string;
  query: boolean;
}

/** A value under a SIP key that cannot be a SIP code is a Microsoft code ("code 510559"). */
function reslot(slot: Slot, value: number | string | null): Slot {
  if (typeof value !== 'number') return slot;
  if (slot === 'sip' && value >= 1000) return 'ms';
  return slot;
}

/**
 * Groups key tokens into mentions: tokens close together (one object, one log line) form one
 * mention until a slot repeats. `subCode: undefined` fills the slot with "none".
 */
function groupTokens(tokens: Token[], out: Positioned[]): void {
  let group: Partial<Record<Slot, Token>> = {};
  let first: Token | undefined;
  const flush = () => {
    if (!first) return;
    const num = (t?: Token) => (t && typeof t.value === 'number' ? t.value : null);
    const ms = num(group.ms);
    let sipCode = num(group.sip);
    const q850 = num(group.q850);
    if (sipCode !== null && sipCode !== 0 && !isSip(sipCode)) sipCode = null;
    // In a log, a successful call (2xx, no Microsoft failure code) is not a finding.
    const success = !first.query && sipCode !== null && sipCode >= 100 && sipCode < 300 && !ms;
    if (!success && (ms !== null || sipCode !== null || (q850 !== null && isQ850(q850)))) {
      out.push({
        msCode: ms,
        sipCode,
        q850Cause: q850 !== null && isQ850(q850) ? q850 : null,
        phrase: typeof group.phrase?.value === 'string' ? group.phrase.value : undefined,
        format: first.format,
        line: first.line,
        col: first.col,
        excerpt: first.excerpt,
      });
    }
    group = {};
    first = undefined;
  };
  // Tokens arrive in text order (lines in order, left to right on a line).
  for (const t of tokens) {
    if (first && (group[t.slot] || t.at - first.at > 400 || t.line - first.line > 8)) flush();
    first ??= t;
    group[t.slot] = t;
  }
  flush();
}

export const keyValue: LineReaderKind = {
  name: 'key-value',
  create: (sink) => {
    const tokens: Token[] = [];
    return {
      test: (line) => HAS_KEY_HINT.test(line),
      read(line, at) {
        const lineTokens: Token[] = [];
        let out = line.replace(PHRASE_VALUE, (s, _q: string, phrase: string, offset: number) => {
          lineTokens.push({ slot: 'phrase', value: phrase, line: at.line, col: offset, at: at.offset + offset, format: 'key-value', excerpt: at.excerpt, query: at.query });
          return blank(s);
        });
        out = out.replace(KEY_VALUE, (...args) => {
          const s = args[0] as string;
          const offset = args[args.length - 3] as number;
          const groups = args[args.length - 1] as Record<string, string | undefined>;
          const slot: Slot = groups.ms !== undefined ? 'ms' : groups.q850 !== undefined ? 'q850' : 'sip';
          const key = (groups.ms ?? groups.q850 ?? groups.sip)!.toLowerCase();
          // "code" alone in prose needs a separator ("code: 403") outside a question.
          if (key.replace(/[_\s]/g, '') === 'code' && !/[:=]/.test(s) && !at.query) return s;
          const value = codeFromJsonValue(groups.value) ?? null;
          lineTokens.push({ slot: reslot(slot, value), value, line: at.line, col: offset, at: at.offset + offset, format: 'key-value', excerpt: at.excerpt, query: at.query });
          return blank(s);
        });
        lineTokens.sort((a, b) => a.at - b.at);
        for (const t of lineTokens) tokens.push(t);
        return out;
      },
      finish: () => groupTokens(tokens, sink.mentions),
    };
  },
};
