// Microsoft Graph settings from the environment: the tenant's own app registration (app-only,
// client secret or certificate), where to get tokens and where Graph is. Read once at start;
// a setting that cannot work fails here with a message that says what to set.
import * as fs from 'node:fs';

export interface GraphConfig {
  tenantId: string;
  clientId: string;
  /** One of the two: a client secret, or a PEM file holding the certificate and its private key. */
  clientSecret?: string;
  certificatePath?: string;
  /** The Entra ID authority host (other clouds: https://login.microsoftonline.us). */
  authorityHost: string;
  /** Graph's base URL with its version (other clouds: https://graph.microsoft.us/v1.0). */
  baseUrl: string;
  /** Extra CA certificates (PEM) to trust for the authority host, e.g. a TLS-inspecting proxy's. */
  authorityCa?: string;
  /** Pages of 1,000 rows read per query at most (the answer says when it stopped there). */
  maxPages: number;
  /** The longest Retry-After honoured, in seconds; a longer one fails the query with a clear message. */
  maxRetryAfterSeconds: number;
  /** Retries of one request after a 429 or 503. */
  maxRetries: number;
}

export class GraphConfigError extends Error {}

export const GRAPH_ENV = {
  tenantId: 'GRAPH_TENANT_ID',
  clientId: 'GRAPH_CLIENT_ID',
  clientSecret: 'GRAPH_CLIENT_SECRET',
  certificatePath: 'GRAPH_CLIENT_CERTIFICATE_PATH',
  authorityHost: 'GRAPH_AUTHORITY_HOST',
  baseUrl: 'GRAPH_BASE_URL',
  authorityCaFile: 'ENTRA_CA_FILE',
  maxPages: 'GRAPH_MAX_PAGES',
  maxRetryAfter: 'GRAPH_MAX_RETRY_AFTER_SECONDS',
} as const;

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
/** 100 pages of 1,000 rows: 100,000 calls a query (the digest reads two days in one query). */
export const DEFAULT_MAX_PAGES = 100;
export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 120;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isLoopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

/** An https URL (http only on this machine's loopback, where tests run their stand-ins). */
function serviceUrl(name: string, value: string, httpOnLoopback: boolean): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new GraphConfigError(`${name} must be a URL (got "${value}").`);
  }
  if (u.username || u.password) throw new GraphConfigError(`${name} must not carry a user name or password.`);
  if (u.protocol !== 'https:' && !(httpOnLoopback && u.protocol === 'http:' && isLoopback(u))) {
    throw new GraphConfigError(`${name} must use https (got "${value}").`);
  }
  return value.replace(/\/+$/, '');
}

function whole(name: string, value: string, fallback: number, min: number, max: number): number {
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new GraphConfigError(`${name} must be a whole number from ${min} to ${max} (got "${value}").`);
  return n;
}

/** The Graph settings, or undefined when none is set (Graph answers are then off). */
export function readGraphConfig(env: NodeJS.ProcessEnv = process.env): GraphConfig | undefined {
  const get = (k: string) => (env[k] ?? '').trim();
  const tenantId = get(GRAPH_ENV.tenantId);
  const clientId = get(GRAPH_ENV.clientId);
  const clientSecret = get(GRAPH_ENV.clientSecret);
  const certificatePath = get(GRAPH_ENV.certificatePath);
  if (!tenantId && !clientId && !clientSecret && !certificatePath) return undefined;
  const missing = [!tenantId && GRAPH_ENV.tenantId, !clientId && GRAPH_ENV.clientId].filter(Boolean);
  if (missing.length) throw new GraphConfigError(`Microsoft Graph is half configured: set ${missing.join(' and ')} (the tenant id and the app registration's application id).`);
  if (!GUID.test(tenantId)) throw new GraphConfigError(`${GRAPH_ENV.tenantId} must be the tenant id, a GUID (got "${tenantId}").`);
  if (!GUID.test(clientId)) throw new GraphConfigError(`${GRAPH_ENV.clientId} must be the app registration's application (client) id, a GUID (got "${clientId}").`);
  if (!clientSecret === !certificatePath) {
    throw new GraphConfigError(`Set exactly one of ${GRAPH_ENV.clientSecret} (a client secret) or ${GRAPH_ENV.certificatePath} (a PEM file with the certificate and its private key).`);
  }
  if (certificatePath && !fs.existsSync(certificatePath)) throw new GraphConfigError(`${GRAPH_ENV.certificatePath}: no file at ${certificatePath}.`);
  const caFile = get(GRAPH_ENV.authorityCaFile);
  if (caFile && !fs.existsSync(caFile)) throw new GraphConfigError(`${GRAPH_ENV.authorityCaFile}: no file at ${caFile}.`);
  return {
    tenantId,
    clientId,
    ...(clientSecret ? { clientSecret } : { certificatePath }),
    // Entra ID only speaks https, and so does @azure/identity.
    authorityHost: serviceUrl(GRAPH_ENV.authorityHost, get(GRAPH_ENV.authorityHost) || DEFAULT_AUTHORITY_HOST, false),
    baseUrl: serviceUrl(GRAPH_ENV.baseUrl, get(GRAPH_ENV.baseUrl) || DEFAULT_GRAPH_BASE_URL, true),
    ...(caFile ? { authorityCa: fs.readFileSync(caFile, 'utf8') } : {}),
    maxPages: whole(GRAPH_ENV.maxPages, get(GRAPH_ENV.maxPages), DEFAULT_MAX_PAGES, 1, 1000),
    maxRetryAfterSeconds: whole(GRAPH_ENV.maxRetryAfter, get(GRAPH_ENV.maxRetryAfter), DEFAULT_MAX_RETRY_AFTER_SECONDS, 0, 3600),
    maxRetries: 4,
  };
}
