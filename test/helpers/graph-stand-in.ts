// Local stand-ins for Microsoft Entra ID (the token endpoint, over HTTPS with a throwaway
// self-signed certificate, because @azure/identity and MSAL only speak https) and Microsoft Graph
// (plain HTTP on loopback), serving the documented response shapes:
//
// - getDirectRoutingCalls / directRoutingLogRow:
//   https://learn.microsoft.com/graph/api/callrecords-callrecord-getdirectroutingcalls
//   https://learn.microsoft.com/graph/api/resources/callrecords-directroutinglogrow
//   (the example row: a successful call has "failureDateTime": "0001-01-01T00:00:00Z"; 1,000 rows
//   a page, "@odata.count", "@odata.nextLink" ending in "?$skip=1000")
// - getPstnCalls / pstnCallLogRow:
//   https://learn.microsoft.com/graph/api/callrecords-callrecord-getpstncalls
//   https://learn.microsoft.com/graph/api/resources/callrecords-pstncalllogrow
// - Graph's error body { error: { code, message, innerError: { request-id, date, client-request-id } } }:
//   https://learn.microsoft.com/graph/errors, and the 403 getDirectRoutingCalls answers without the
//   permission, quoted in microsoftgraph/microsoft-graph-docs-contrib issue #4445
//   ({"error":{"code":"Forbidden","message":"","innerError":{...}}}).
// - 429 / 503 with Retry-After: https://learn.microsoft.com/graph/throttling
// - Entra ID token errors { error, error_description, error_codes, timestamp, trace_id,
//   correlation_id, error_uri }: AADSTS90002 "Tenant '...' not found" (invalid_tenant, answered by
//   the tenant's OpenID configuration document; Azure/azure-cli issues #22145, #23130), AADSTS7000222
//   "The provided client secret keys for app '...' are expired" and AADSTS7000215 "Invalid client
//   secret provided" (invalid_client; learn.microsoft.com/azure/developer/java/sdk/
//   troubleshooting-authentication-service-principal).
// - Team members (aadUserConversationMember with roles ["owner"]):
//   https://learn.microsoft.com/graph/api/team-list-members
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './certificate';

export const TENANT = '4a7c2f1e-5b3d-4e6f-8a9b-0c1d2e3f4a5b';
export const WRONG_TENANT = '00000000-1111-2222-3333-444444444444';
export const CLIENT_ID = '7d1c4b2a-3e5f-4a6b-9c8d-1e2f3a4b5c6d';
export const SECRET = 'good-secret';
export const EXPIRED_SECRET = 'expired-secret';
export const INVALID_SECRET = 'secret-id-not-value';

export interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  at: number;
  body?: string;
}

const ENTRA_TRACE = { trace_id: '2e35e78b-e885-4bdd-90e2-d7beb467df00', correlation_id: '0774b819-134d-4815-9573-a31a98397420' };

function entraError(status: number, error: string, code: number, description: string) {
  const timestamp = '2026-11-20 09:20:11Z';
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${ENTRA_TRACE.trace_id} Correlation ID: ${ENTRA_TRACE.correlation_id} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      ...ENTRA_TRACE,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** A self-signed certificate for 127.0.0.1 (and its key), made for this run only. */
export async function makeCertificate(): Promise<{ cert: string; key: string; pemPath: string; dir: string }> {
  const pems = await selfSignedCertificate('127.0.0.1');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-entra-'));
  fs.writeFileSync(path.join(dir, 'cert.pem'), pems.cert);
  // ClientCertificateCredential reads one PEM file holding the key and the certificate.
  const pemPath = path.join(dir, 'app.pem');
  fs.writeFileSync(pemPath, pems.private + pems.cert);
  return { cert: pems.cert, key: pems.private, pemPath, dir };
}

export interface EntraStandIn {
  url: string;
  ca: string;
  caFile: string;
  /** A PEM (key + certificate) to sign in with ClientCertificateCredential. */
  certificatePem: string;
  requests: Recorded[];
  tokensIssued: number;
  close(): Promise<void>;
}

/** The Entra ID token endpoint and each tenant's OpenID configuration document. */
export async function startEntra(): Promise<EntraStandIn> {
  const tls = await makeCertificate();
  const requests: Recorded[] = [];
  const state = { tokensIssued: 0 };
  const server = https.createServer({ cert: tls.cert, key: tls.key }, async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    requests.push({ method: req.method ?? '', path: url.pathname, at: Date.now(), body });
    const [, tenant, ...rest] = url.pathname.split('/');
    const tail = rest.join('/');
    const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/${tenant}`;
    if (tenant === WRONG_TENANT) {
      const e = entraError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
      return send(res, e.status, e.body);
    }
    if (req.method === 'GET' && tail === 'v2.0/.well-known/openid-configuration') {
      return send(res, 200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
      });
    }
    if (req.method === 'POST' && tail === 'oauth2/v2.0/token') {
      const form = new URLSearchParams(body);
      const secret = form.get('client_secret');
      const assertion = form.get('client_assertion');
      if (secret === EXPIRED_SECRET) {
        const e = entraError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${form.get('client_id')}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`);
        return send(res, e.status, e.body);
      }
      if (secret !== null && secret !== SECRET) {
        const e = entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${form.get('client_id')}'.`);
        return send(res, e.status, e.body);
      }
      // A certificate sign-in sends a signed JWT (private_key_jwt); three base64url parts.
      if (secret === null && !(assertion && assertion.split('.').length === 3)) {
        const e = entraError(401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.');
        return send(res, e.status, e.body);
      }
      state.tokensIssued++;
      return send(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `graph-token-${form.get('client_id')}` });
    }
    send(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const caFile = path.join(tls.dir, 'cert.pem');
  return {
    url: `https://127.0.0.1:${port}`,
    ca: tls.cert,
    caFile,
    certificatePem: tls.pemPath,
    requests,
    get tokensIssued() {
      return state.tokensIssued;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
        fs.rmSync(tls.dir, { recursive: true, force: true });
      }),
  };
}

// ---------- Graph ----------

export interface DrRowInit {
  start: string;
  ok?: boolean;
  sip?: number;
  ms?: number;
  phrase?: string;
  sbc?: string;
  user?: string;
  correlationId?: string;
  callType?: string;
}

let rowSeq = 0;
const guid = (n: number, salt: string) => {
  const hex = (n * 2654435761 + salt.length * 97).toString(16).padStart(12, '0').slice(-12);
  return `9e8bba57-dc14-533a-a7dd-${hex}`;
};

/** A directRoutingLogRow as Graph serves it (the documented example, varied). */
export function drRow(init: DrRowInit): Record<string, unknown> {
  const n = ++rowSeq;
  const ok = init.ok ?? false;
  const start = new Date(init.start);
  const later = (s: number) => new Date(start.getTime() + s * 1000).toISOString();
  return {
    id: guid(n, 'id'),
    correlationId: init.correlationId ?? guid(n, 'correlation'),
    userId: 'db03c14b-06eb-4189-939b-7cbf3a20ba27',
    userPrincipalName: init.user ?? 'richard.malk@contoso.com',
    userDisplayName: 'Richard Malk',
    startDateTime: start.toISOString(),
    inviteDateTime: new Date(start.getTime() - 3000).toISOString(),
    failureDateTime: ok ? '0001-01-01T00:00:00Z' : later(1),
    endDateTime: ok ? later(65) : '0001-01-01T00:00:00Z',
    duration: ok ? 65 : 0,
    callType: init.callType ?? 'ByotOut',
    successfulCall: ok,
    callerNumber: '+12345678***',
    calleeNumber: '+01234567***',
    mediaPathLocation: 'USWE',
    signalingLocation: 'EUNO',
    finalSipCode: init.sip ?? (ok ? 0 : 403),
    callEndSubReason: init.ms ?? (ok ? 540000 : 560403),
    finalSipCodePhrase: init.phrase ?? (ok ? 'BYE' : 'Forbidden'),
    trunkFullyQualifiedDomainName: init.sbc ?? 'tll-audiocodes01.adatum.biz',
    mediaBypassEnabled: false,
  };
}

/** A pstnCallLogRow as Graph serves it (the documented example). */
export function pstnRow(start: string): Record<string, unknown> {
  const n = ++rowSeq;
  const s = new Date(start);
  return {
    id: guid(n, 'pstn'),
    callId: `1835317186_${112562680 + n}@61.221.3.176`,
    userId: 'db03c14b-06eb-4189-939b-7cbf3a20ba27',
    userPrincipalName: 'richard.malk@contoso.com',
    userDisplayName: 'Richard Malk',
    startDateTime: s.toISOString(),
    endDateTime: new Date(s.getTime() + 219_000).toISOString(),
    duration: 219,
    charge: 0.0,
    callType: 'user_in',
    currency: 'USD',
    calleeNumber: '+1234567890',
    usageCountryCode: 'US',
    tenantCountryCode: 'US',
    connectionCharge: 0.0,
    callerNumber: '+0123456789',
    destinationContext: null,
    destinationName: 'United States',
    conferenceId: null,
    licenseCapability: 'MCOPSTNU',
    inventoryType: 'Subscriber',
    operator: 'Microsoft',
    callDurationSource: 'microsoft',
  };
}

export interface GraphScenario {
  /** Direct Routing rows the tenant has; each query returns those whose start is in its range. */
  directRouting: Record<string, unknown>[];
  pstn: Record<string, unknown>[];
  /** Rows per page (Graph: 1,000). */
  pageSize: number;
  /** Answer the n-th call-records request (1-based) with 429 or 503 and this Retry-After. */
  throttle?: { request: number; status: 429 | 503; retryAfter?: string; times?: number };
  /** Answer every call-records request with 403 Forbidden. */
  forbidden?: boolean;
  /** A nextLink pointing at another host. */
  foreignNextLink?: boolean;
  /** Owners of each team (Graph team id -> user object ids). */
  owners: Record<string, string[]>;
  /** Members of each admin group (group id -> user object ids). */
  groups: Record<string, string[]>;
  /** Answer team members with 403 (TeamMember.Read.All not consented). */
  membersForbidden?: boolean;
}

export interface GraphStandIn {
  url: string;
  /** GRAPH_BASE_URL for SIP Doc. */
  baseUrl: string;
  scenario: GraphScenario;
  requests: Recorded[];
  /** Call-records requests only (pages and retries). */
  callRecordRequests(): Recorded[];
  close(): Promise<void>;
}

const FN = /^\/v1\.0\/communications\/callRecords\/(getDirectRoutingCalls|getPstnCalls)\(fromDateTime=([^,]+),toDateTime=([^)]+)\)$/;

export async function startGraph(init: Partial<GraphScenario> = {}): Promise<GraphStandIn> {
  const scenario: GraphScenario = { directRouting: [], pstn: [], pageSize: 1000, owners: {}, groups: {}, ...init };
  const requests: Recorded[] = [];
  let callRecordCount = 0;
  let throttled = 0;
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    requests.push({ method: req.method ?? '', path: pathname + url.search, authorization: req.headers.authorization, at: Date.now(), body });
    const innerError = { date: '2026-11-20T09:20:11', 'request-id': '632418d9-74c1-4aac-ab03-89fa7b5e617c', 'client-request-id': '632418d9-74c1-4aac-ab03-89fa7b5e617c' };
    if (!req.headers.authorization?.startsWith('Bearer graph-token-')) {
      return send(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.', innerError } });
    }
    const fn = FN.exec(pathname);
    if (req.method === 'GET' && fn) {
      callRecordCount++;
      const t = scenario.throttle;
      if (t && callRecordCount >= t.request && throttled < (t.times ?? 1)) {
        throttled++;
        const headers: Record<string, string> = t.retryAfter !== undefined ? { 'retry-after': t.retryAfter } : {};
        return send(res, t.status, { error: { code: t.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'Please retry after the time in Retry-After.', innerError } }, headers);
      }
      if (scenario.forbidden) return send(res, 403, { error: { code: 'Forbidden', message: '', innerError } });
      const [, name, from, to] = fn;
      const [fromMs, toMs] = [Date.parse(from!), Date.parse(to!)];
      const pstn = name === 'getPstnCalls';
      const all = (pstn ? scenario.pstn : scenario.directRouting).filter((r) => {
        const s = Date.parse(String(r.startDateTime));
        // getDirectRoutingCalls: to is exclusive; getPstnCalls: inclusive (as documented).
        return s >= fromMs && (pstn ? s <= toMs : s < toMs);
      });
      const skip = Number(url.searchParams.get('$skip') ?? 0);
      const value = all.slice(skip, skip + scenario.pageSize);
      const page: Record<string, unknown> = {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.callRecords.${pstn ? 'pstnCallLogRow' : 'directRoutingLogRow'})`,
        '@odata.count': value.length,
        value,
      };
      if (skip + scenario.pageSize < all.length) {
        const host = scenario.foreignNextLink ? 'https://graph.evil.example' : `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        page['@odata.nextLink'] = `${host}/v1.0/communications/callRecords/${name}(fromDateTime=${from},toDateTime=${to})?$skip=${skip + scenario.pageSize}`;
      }
      return send(res, 200, page);
    }
    const members = /^\/v1\.0\/teams\/([^/]+)\/members$/.exec(pathname);
    if (req.method === 'GET' && members) {
      if (scenario.membersForbidden) return send(res, 403, { error: { code: 'Forbidden', message: 'Missing role permissions on the request. API requires one of \'TeamMember.Read.All, TeamMember.Read.Group\'.', innerError } });
      const owners = scenario.owners[members[1]!];
      if (!owners) return send(res, 404, { error: { code: 'NotFound', message: 'No team found with Group Id', innerError } });
      const value = owners.map((userId, i) => ({
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        id: `MCMjMiMjZGNkMjE5ZGQtYmMzZC00OWM0LTg3ZjktOTQ2NWZjNjQ4ZDA3IyMxOWoxLTAwMDA${i}`,
        roles: ['owner'],
        displayName: `Owner ${i + 1}`,
        userId,
        email: `owner${i + 1}@contoso.com`,
        tenantId: TENANT,
      }));
      return send(res, 200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#teams('${members[1]}')/members`, '@odata.count': value.length, value });
    }
    const check = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(pathname);
    if (req.method === 'POST' && check) {
      const ids: string[] = JSON.parse(body || '{}').groupIds ?? [];
      return send(res, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)', value: ids.filter((g) => scenario.groups[g]?.includes(check[1]!)) });
    }
    send(res, 404, { error: { code: 'ResourceNotFound', message: 'Invalid version or resource.', innerError } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    baseUrl: `${url}/v1.0`,
    scenario,
    requests,
    callRecordRequests: () => requests.filter((r) => r.path.includes('/communications/callRecords/')),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The GRAPH_* settings that point SIP Doc at the two stand-ins. */
export function graphEnv(entra: EntraStandIn, graph: GraphStandIn, over: Record<string, string> = {}): Record<string, string> {
  return {
    GRAPH_TENANT_ID: TENANT,
    GRAPH_CLIENT_ID: CLIENT_ID,
    GRAPH_CLIENT_SECRET: SECRET,
    GRAPH_AUTHORITY_HOST: entra.url,
    ENTRA_CA_FILE: entra.caFile,
    GRAPH_BASE_URL: graph.baseUrl,
    ...over,
  };
}
