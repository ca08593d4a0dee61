// `npm run kb:update [-- --check]`: fetch the newest raw markdown of every page in
// kb/sources/manifest.json from its public GitHub repository, rebuild kb/kb.json, and print what
// changed. The work is in src/kb/ingest/update.ts; this file is the command line and the HTTP
// client (Node's fetch, with a timeout and a size cap, redirects reported, never followed).
import { KB_DIR } from '../src/kb/paths';
import { DEFAULT_BASE_URL, EXIT, runUpdate, type FetchOutcome, type FetchText } from '../src/kb/ingest/update';

export const DEFAULT_TIMEOUT_MS = 20_000;
/** The largest page is ~65 KB; anything near this is not a docs page. */
export const MAX_BYTES = 2 * 1024 * 1024;

const USAGE = `Usage: npm run kb:update -- [--check] [--base-url URL] [--timeout MS] [--kb-dir DIR]

  --check        only report; exit 1 when upstream differs from kb/, 0 when it does not
  --base-url     where to fetch from (default ${DEFAULT_BASE_URL}; env KB_UPDATE_BASE_URL)
  --timeout      per request, in milliseconds (default ${DEFAULT_TIMEOUT_MS}; env KB_UPDATE_TIMEOUT_MS)
  --kb-dir       the kb/ directory to update (default: the project's)

Exit codes: 0 up to date or updated, 1 upstream differs (--check), 2 usage error,
3 a page could not be fetched or read, or the rebuild failed (nothing in kb/ replaced).
`;

/** Node's fetch with a timeout over the whole response, a byte cap, and 3xx reported as a move. */
export function httpFetcher({ timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes = MAX_BYTES } = {}): FetchText {
  return async (url: string): Promise<FetchOutcome> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'text/plain, text/markdown;q=0.9, */*;q=0.1', 'user-agent': 'sipdoc-kb-update' } });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        return { kind: 'moved', status: res.status, location: res.headers.get('location') };
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel();
        return { kind: 'missing', status: res.status };
      }
      if (!res.ok) {
        await res.body?.cancel();
        return { kind: 'failed', reason: `HTTP ${res.status} ${res.statusText}`.trim() };
      }
      const declared = Number(res.headers.get('content-length'));
      if (declared > maxBytes) {
        await res.body?.cancel();
        return { kind: 'failed', reason: `larger than ${maxBytes} bytes (${declared})` };
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body ?? []) {
        size += (chunk as Uint8Array).byteLength;
        if (size > maxBytes) return { kind: 'failed', reason: `larger than ${maxBytes} bytes` };
        chunks.push(chunk as Uint8Array);
      }
      try {
        return { kind: 'ok', text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)).replace(/^\uFEFF/, '') };
      } catch {
        return { kind: 'failed', reason: 'not UTF-8 text' };
      }
    } catch (err) {
      if (signal.aborted) return { kind: 'failed', reason: `timed out after ${timeoutMs} ms` };
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return { kind: 'failed', reason: `the download failed: ${cause?.code ?? cause?.message ?? (err as Error).message}` };
    }
  };
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const opts: { check: boolean; baseUrl: string; timeoutMs: number; kbDir: string } = {
    check: false,
    baseUrl: io.env.KB_UPDATE_BASE_URL || DEFAULT_BASE_URL,
    timeoutMs: Number(io.env.KB_UPDATE_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
    kbDir: KB_DIR,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--check') opts.check = true;
      else if (arg === '--base-url') opts.baseUrl = value();
      else if (arg === '--timeout') opts.timeoutMs = Number(value());
      else if (arg === '--kb-dir') opts.kbDir = value();
      else if (arg === '--help' || arg === '-h') {
        io.stdout(USAGE);
        return EXIT.ok;
      } else throw new Error(`unknown option ${arg}`);
    } catch (err) {
      io.stderr(`kb:update: ${(err as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
  }
  if (!/^https?:\/\/[^\s/]+/i.test(opts.baseUrl) || !(opts.timeoutMs > 0)) {
    io.stderr(`kb:update: --base-url must be an http(s) URL and --timeout a positive number\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const result = await runUpdate({
      kbDir: opts.kbDir,
      baseUrl: opts.baseUrl,
      check: opts.check,
      fetchText: httpFetcher({ timeoutMs: opts.timeoutMs }),
      today: new Date().toISOString().slice(0, 10),
    });
    io.stdout(result.report);
    return result.exitCode;
  } catch (err) {
    io.stderr(`kb:update: ${(err as Error).message}\nNothing in kb/ was replaced.\n`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
