// Reading a log from a stream (the CLI's stdin) as text, bounded. A file of NUL bytes or any
// other binary input is refused from its first bytes, instead of being read whole and searched
// (64 MB of NULs took 2.4 GB and 19 s). UTF-16 text, which Windows PowerShell writes when output
// is redirected to a file, is decoded as such.

/** Read this far before deciding whether the input is text. */
const SNIFF_BYTES = 8192;

export class BinaryInputError extends Error {
  constructor() {
    super('the input is binary (it holds NUL bytes), not text: pipe a log, a CSV report or a SIP trace.');
    this.name = 'BinaryInputError';
  }
}

type Encoding = 'utf8' | 'utf16le' | 'utf16be';

/** The encoding of text that starts with these bytes, or 'binary'. */
export function sniffEncoding(head: Uint8Array): Encoding | 'binary' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  // UTF-16 without a byte order mark: text in the Latin range has a NUL in every other byte.
  let evenNul = 0;
  let oddNul = 0;
  const n = Math.min(head.length, SNIFF_BYTES) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddNul > pairs * 0.9 && evenNul < pairs * 0.1) return 'utf16le';
  if (pairs >= 2 && evenNul > pairs * 0.9 && oddNul < pairs * 0.1) return 'utf16be';
  return evenNul + oddNul > 0 || (head.length % 2 === 1 && head[head.length - 1] === 0) ? 'binary' : 'utf8';
}

function decode(buf: Buffer, encoding: Encoding): string {
  if (encoding === 'utf8') {
    const text = buf.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  const even = buf.length & ~1;
  const bytes = encoding === 'utf16be' ? Buffer.from(buf.subarray(0, even)).swap16() : buf.subarray(0, even);
  const text = bytes.toString('utf16le');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The stream's text, at most `maxBytes` of it (`onCut` is told when more was there). Throws
 * BinaryInputError as soon as the first bytes show that it is not text.
 */
export async function readText(stream: AsyncIterable<Buffer | string>, maxBytes: number, onCut?: (maxBytes: number) => void): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let encoding: Encoding | undefined;
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (size + buf.length > maxBytes) {
      buf = buf.subarray(0, maxBytes - size);
      onCut?.(maxBytes);
    }
    chunks.push(buf);
    size += buf.length;
    if (!encoding && (size >= SNIFF_BYTES || size >= maxBytes)) {
      const sniffed = sniffEncoding(Buffer.concat(chunks));
      if (sniffed === 'binary') throw new BinaryInputError();
      encoding = sniffed;
    }
    if (size >= maxBytes) break;
  }
  const all = Buffer.concat(chunks, size);
  chunks.length = 0;
  const found = encoding ?? sniffEncoding(all);
  if (found === 'binary') throw new BinaryInputError();
  return decode(all, found);
}
