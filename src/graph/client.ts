// A small Microsoft Graph client for app-only GET requests: a token from the tenant's own app
// registration (@azure/identity, client secret or certificate), 429 and 503 honoured with their
// Retry-After (capped), every page of a collection up to a cap, and errors that say what to fix.
import * as https from 'node:https';
import type { TokenCredential } from '@azure/identity';
import { DEFAULT_AUTHORITY_HOST, type GraphConfig } from './config';
import { GraphError, firstLine, graphErrorBody, signInError } from './errors';

/** Entra ID hosts that instance discovery knows; any other host (a test's, a proxy's) skips it. */
const KNOWN_AUTHORITY_HOSTS = new Set([
  DEFAULT_AUTHORITY_HOST,
  'https://login.microsoftonline.us',
  'https://login.partner.microsoftonline.cn',
]);

/** One Graph page is ~1 MB for 1,000 call rows; anything far larger is not a page of call rows. */
export const MAX_PAGE_BYTES = 32 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 60_000;

export function createCredential(config: GraphConfig): TokenCredential {
  // Loaded when first used: the Azure SDK would add to the start-up of every `sipdoc` command.
  const { ClientCertificateCredential, ClientSecretCredential } = require('@azure/identity') as typeof import('@azure/identity');
  const options = {
    authorityHost: config.authorityHost,
    disableInstanceDiscovery: !KNOWN_AUTHORITY_HOSTS.has(config.authorityHost),
    ...(config.authorityCa ? { tlsOptions: { ca: config.authorityCa } } : {}),
  };
  return config.clientSecret
    ? new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, options)
    : new ClientCertificateCredential(config.tenantId, config.clientId, { certificatePath: config.certificatePath! }, options);
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

export interface PageCount {
  rows: number;
  pages: number;
  /** More pages were left unread (the page cap). */
  truncated: boolean;
}

export interface Collection<T> {
  rows: T[];
  pages: number;
  /** More pages were left unread (the page cap). */
  truncated: boolean;
}

export interface GraphClientOptions {
  credential?: TokenCredential;
  /** Waits before a retry; tests record it. */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** Retry-After in seconds: a number of seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,7}$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export class GraphClient {
  readonly config: GraphConfig;
  private readonly credential: TokenCredential;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetchImpl: typeof fetch;
  private readonly origin: string;
  /** HTTP requests sent to Graph (retries and pages included), for the cost the README quotes. */
  requests = 0;

  constructor(config: GraphConfig, options: GraphClientOptions = {}) {
    this.config = config;
    this.credential = options.credential ?? createCredential(config);
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.fetchImpl = options.fetch ?? fetch;
    this.origin = new URL(config.baseUrl).origin;
  }

  private get app() {
    return { tenantId: this.config.tenantId, clientId: this.config.clientId };
  }

  private async token(): Promise<string> {
    try {
      const t = await this.credential.getToken(`${this.origin}/.default`);
      if (!t?.token) throw new Error('Entra ID returned no access token.');
      return t.token;
    } catch (err) {
      // MSAL reports a failed authority lookup as "endpoints_resolution_error" and drops Entra
      // ID's answer; the tenant's OpenID configuration document says why (AADSTS90002: no such tenant).
      if (err instanceof Error && err.message.includes('endpoints_resolution_error')) {
        const why = await openIdConfigurationError(this.config);
        if (why) throw signInError(this.app, new Error(why));
      }
      throw signInError(this.app, err);
    }
  }

  /** GET one URL (relative to the base URL, or a nextLink on Graph's own origin) as JSON. */
  get<T>(pathOrUrl: string, what: string, forbidden?: string): Promise<T> {
    return this.request<T>(pathOrUrl, what, forbidden);
  }

  /** POST a JSON body (a Graph action such as checkMemberGroups) and read the JSON answer. */
  post<T>(path: string, body: unknown, what: string, forbidden?: string): Promise<T> {
    return this.request<T>(path, what, forbidden, JSON.stringify(body));
  }

  private async request<T>(pathOrUrl: string, what: string, forbidden?: string, body?: string): Promise<T> {
    const url = pathOrUrl.startsWith('/') ? `${this.config.baseUrl}${pathOrUrl}` : pathOrUrl;
    // The token goes to Graph only: a nextLink elsewhere is refused, not followed.
    if (new URL(url).origin !== this.origin) throw new GraphError('http', `Microsoft Graph sent a link to another host (${new URL(url).host}) while reading ${what}; SIP Doc does not follow it.`);
    const token = await this.token();
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      this.requests++;
      try {
        res = await this.fetchImpl(url, {
          method: body === undefined ? 'GET' : 'POST',
          ...(body === undefined ? {} : { body }),
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          redirect: 'error',
        });
      } catch (err) {
        throw new GraphError('network', `Microsoft Graph did not answer while reading ${what} (${this.config.baseUrl}): ${firstLine(err instanceof Error ? err.message : String(err))}`);
      }
      if (res.status === 429 || res.status === 503) {
        const after = retryAfterSeconds(res.headers.get('retry-after'));
        await res.body?.cancel();
        const wait = after ?? Math.min(2 ** attempt, 30);
        if (attempt >= this.config.maxRetries || wait > this.config.maxRetryAfterSeconds) {
          throw new GraphError(
            'throttled',
            `Microsoft Graph is ${res.status === 429 ? 'throttling requests (429 Too Many Requests)' : 'unavailable (503 Service Unavailable)'} for ${what}` +
              (after !== undefined ? ` and asks to wait ${after} s` : '') +
              `; SIP Doc gave up after ${attempt + 1} ${attempt ? 'tries' : 'try'}. Try again later.`,
            { status: res.status },
          );
        }
        await this.sleep(wait * 1000);
        continue;
      }
      const text = await readCapped(res, MAX_PAGE_BYTES, what);
      if (res.ok) {
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new GraphError('http', `Microsoft Graph answered ${what} with something that is not JSON.`, { status: res.status });
        }
      }
      const e = graphErrorBody(text);
      const detail = { status: res.status, ...(e.code ? { code: e.code } : {}), ...(e.requestId ? { requestId: e.requestId } : {}) };
      if (res.status === 403) throw new GraphError('permission', forbidden ?? `Microsoft Graph refused ${what} (403${e.code ? ` ${e.code}` : ''}): the app registration lacks a permission or its admin consent.`, detail);
      if (res.status === 401) {
        throw new GraphError('unauthorized', `Microsoft Graph did not accept SIP Doc's token for ${what} (401${e.code ? ` ${e.code}` : ''}). Check that GRAPH_BASE_URL and GRAPH_AUTHORITY_HOST belong to the same cloud.`, detail);
      }
      const ref = e.requestId ? ` Request id ${e.requestId}.` : '';
      throw new GraphError('http', `Microsoft Graph answered ${what} with ${res.status}${e.code ? ` ${e.code}` : ''}${e.message ? `: ${firstLine(e.message)}` : ''}.${ref}`, detail);
    }
  }

  /**
   * Every page of a collection, following `@odata.nextLink`, up to the configured page cap; each
   * page's rows are handed to `onRows` as they arrive and not kept.
   */
  async forEachPage<T>(path: string, what: string, onRows: (rows: T[]) => void, forbidden?: string): Promise<PageCount> {
    let next: string | undefined = path;
    let pages = 0;
    let rows = 0;
    while (next && pages < this.config.maxPages) {
      const page: { value?: unknown; '@odata.nextLink'?: unknown } = await this.get(next, what, forbidden);
      pages++;
      if (!Array.isArray(page.value)) throw new GraphError('http', `Microsoft Graph answered ${what} without a "value" list.`);
      rows += page.value.length;
      onRows(page.value as T[]);
      next = typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : undefined;
    }
    return { rows, pages, truncated: next !== undefined };
  }

  /** Every page of a collection, kept in memory (for small collections: a team's owners). */
  async getAll<T>(path: string, what: string, forbidden?: string): Promise<Collection<T>> {
    const rows: T[] = [];
    const count = await this.forEachPage<T>(path, what, (page) => rows.push(...page), forbidden);
    return { rows, pages: count.pages, truncated: count.truncated };
  }
}

/** Entra ID's error for the tenant's OpenID configuration document, or undefined when it loads. */
export function openIdConfigurationError(config: GraphConfig): Promise<string | undefined> {
  const url = `${config.authorityHost}/${encodeURIComponent(config.tenantId)}/v2.0/.well-known/openid-configuration`;
  return new Promise((resolve) => {
    const req = https.get(url, { ...(config.authorityCa ? { ca: config.authorityCa } : {}), timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 64 * 1024) body += c;
      });
      res.on('end', () => {
        if (res.statusCode === 200) return resolve(undefined);
        try {
          const e = JSON.parse(body) as { error_description?: unknown };
          resolve(typeof e.error_description === 'string' ? e.error_description : `HTTP ${res.statusCode}`);
        } catch {
          resolve(`HTTP ${res.statusCode} from ${config.authorityHost}`);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(`${config.authorityHost} did not answer (${e.message})`));
  });
}

/** The body as text, refusing one larger than `max` bytes while it streams in. */
async function readCapped(res: Response, max: number, what: string): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new GraphError('http', `Microsoft Graph's answer to ${what} is larger than ${Math.round(max / 1024 / 1024)} MB; SIP Doc stopped reading it.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
