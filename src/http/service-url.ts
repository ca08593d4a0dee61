// Where the bot may send its answer. An activity's serviceUrl is where the connector client POSTs
// the reply, with the bot's own bearer token when authentication is on. With authentication on the
// token binds the serviceUrl (its `serviceurl` claim); with it off nothing does, so the bot answers
// only to its own machine: otherwise anyone who reaches the port could make it POST anywhere.
import { isIP } from 'node:net';

export const MAX_SERVICE_URL_CHARS = 2048;

/** localhost, 127.0.0.0/8, ::1 and its IPv4-mapped form, as the WHATWG URL parser writes them. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  const v6 = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return v6 === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v6);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Why the activity's serviceUrl is not one SIP Doc answers to, or undefined. With authentication
 * on: an https URL (http only to loopback, for local tests). With it off: a loopback URL, unless
 * the answer goes back in the HTTP response (an invoke, or deliveryMode expectReplies); the
 * connector client refuses non-loopback hosts in that mode whatever this lets through
 * (src/http/outgoing.ts).
 */
export function serviceUrlProblem(activity: Record<string, unknown>, authOn: boolean): string | undefined {
  const raw = activity.serviceUrl;
  const repliesInResponse = activity.deliveryMode === 'expectReplies' || activity.type === 'invoke';
  if (raw === undefined || raw === null || raw === '') {
    if (authOn || !repliesInResponse) return 'The activity has no "serviceUrl".';
    return undefined;
  }
  if (typeof raw !== 'string' || raw.length > MAX_SERVICE_URL_CHARS) return `"serviceUrl" must be a URL of at most ${MAX_SERVICE_URL_CHARS} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '"serviceUrl" is not a valid URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '"serviceUrl" must be an http(s) URL.';
  if (url.username || url.password) return '"serviceUrl" must not carry a user name or password.';
  const loopback = isLoopbackHost(url.hostname);
  if (authOn) return url.protocol === 'http:' && !loopback ? '"serviceUrl" must be an https URL.' : undefined;
  if (!loopback && !repliesInResponse) {
    return 'With authentication off, SIP Doc answers only to a loopback "serviceUrl" (localhost, 127.0.0.1, [::1]).';
  }
  return undefined;
}
