// Downloads a file Teams shared with the bot (the `downloadUrl` of a file.download.info attachment),
// safely. The URL carries its own short-lived credential (`tempauth=`): it is fetched byte for
// byte, with no Authorization header, and never logged. Rules, each tested against a local server:
//   - https only, no user name or password in the URL, the default port (unless the allow-list
//     entry names another one);
//   - the host on the allow-list, and every redirect too (followed by hand, at most MAX_REDIRECTS);
//   - a size cap, checked on Content-Length and again on every chunk as the body streams in;
//   - one deadline for the whole download (a slow body included);
//   - an HTML page (the sharing link Teams on iOS sends) is refused, as is a compressed body.
// The file name is never part of any of this: it is only shown.
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { FileConfig, HostRule } from './config';

export const MAX_REDIRECTS = 5;

export type DownloadProblem = 'url' | 'host' | 'redirect' | 'status' | 'too-large' | 'timeout' | 'html' | 'encoding' | 'network';

export type DownloadResult =
  | { ok: true; bytes: Buffer; contentType: string }
  | { ok: false; problem: DownloadProblem; message: string };

const fail = (problem: DownloadProblem, message: string): DownloadResult => ({ ok: false, problem, message });

function hostAllowed(url: URL, rules: readonly HostRule[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port ? Number(url.port) : undefined;
  return rules.some((r) => {
    const nameOk = r.wildcard ? host.endsWith(`.${r.host}`) : host === r.host;
    return nameOk && port === r.port;
  });
}

/** Why a URL may not be fetched, or undefined when it may. */
export function urlProblem(raw: string, rules: readonly HostRule[]): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The download link is not a valid URL.';
  }
  if (url.protocol !== 'https:') return 'The download link is not https.';
  if (url.username || url.password) return 'The download link carries a user name or password.';
  if (!hostAllowed(url, rules)) {
    return url.port && rules.some((r) => (r.wildcard ? url.hostname.endsWith(`.${r.host}`) : url.hostname === r.host))
      ? 'The download link uses a port other than the default.'
      : 'The download link points to a host SIP Doc does not download from.';
  }
  return undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The first bytes of an HTML page, whatever the Content-Type says. */
const HTML_START = /^\s*<(?:!doctype\s+html|html[\s>]|head[\s>])/i;

export interface DownloadOptions {
  config: FileConfig;
  /** Aborts the download from outside (the server shutting down). */
  signal?: AbortSignal;
}

export async function downloadFile(rawUrl: string, { config, signal }: DownloadOptions): Promise<DownloadResult> {
  const problem = urlProblem(rawUrl, config.hosts);
  if (problem) return fail(problem.includes('host') || problem.includes('port') ? 'host' : 'url', problem);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const ca = config.ca ? [...tls.rootCertificates, config.ca] : undefined;
  try {
    let url = rawUrl;
    for (let hop = 0; ; hop++) {
      const res = await get(url, ca, controller.signal);
      if (REDIRECTS.has(res.statusCode ?? 0)) {
        res.resume();
        const location = res.headers.location;
        if (!location) return fail('redirect', 'The download answered with a redirect that has no Location.');
        if (hop >= MAX_REDIRECTS) return fail('redirect', `The download was redirected more than ${MAX_REDIRECTS} times.`);
        const next = new URL(location, url).toString();
        const why = urlProblem(next, config.hosts);
        if (why) return fail('redirect', `The download was redirected to a place SIP Doc does not download from (${why.replace(/^The download link /, 'it ').replace(/\.$/, '')}).`);
        url = next;
        continue;
      }
      return await readBody(res, config.maxBytes);
    }
  } catch (err) {
    if (controller.signal.aborted) return fail('timeout', `The download did not finish within ${Math.round(config.timeoutMs / 1000)} s.`);
    return fail('network', `The download failed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function get(url: string, ca: string[] | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, {
      // Only what a plain download needs: no Authorization, no cookies, no compression.
      headers: { accept: '*/*', 'accept-encoding': 'identity', 'user-agent': 'SIP-Doc' },
      ...(ca ? { ca } : {}),
      signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
  });
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<DownloadResult> {
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    res.resume();
    return fail(
      'status',
      status === 401 || status === 403 || status === 404
        ? `The download link was refused (HTTP ${status}): Teams' links expire after a few minutes. Send the file again.`
        : `The download failed with HTTP ${status}.`,
    );
  }
  const type = String(res.headers['content-type'] ?? '').toLowerCase();
  const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    res.resume();
    return fail('encoding', `The download came compressed (${encoding}), which SIP Doc does not accept.`);
  }
  if (type.startsWith('text/html') || type.startsWith('application/xhtml')) {
    res.destroy();
    return fail('html', 'The link leads to a web page, not to the file.');
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return fail('too-large', `The file is ${mb(declared)}; SIP Doc reads files up to ${mb(maxBytes)}.`);
  }
  // With a Content-Length the body goes straight into one buffer (no second copy at the end).
  const whole = Number.isFinite(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    const buf = chunk as Buffer;
    if (size === 0 && HTML_START.test(buf.subarray(0, 512).toString('latin1'))) {
      res.destroy();
      return fail('html', 'The link leads to a web page, not to the file.');
    }
    if (size + buf.length > maxBytes || (whole && size + buf.length > whole.length)) {
      res.destroy();
      return fail('too-large', `The file is larger than ${mb(maxBytes)}, the most SIP Doc reads.`);
    }
    if (whole) buf.copy(whole, size);
    else chunks.push(buf);
    size += buf.length;
  }
  const bytes = whole ? whole.subarray(0, size) : Buffer.concat(chunks, size);
  return { ok: true, bytes, contentType: type };
}

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
