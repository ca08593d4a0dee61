// Reading call records from a local Graph stand-in, signed in through a local Entra ID token
// endpoint with the real @azure/identity credentials: pages, throttling, a missing permission,
// a wrong tenant, an expired or invalid secret, a certificate, an empty day, Graph's year-1 dates.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient, retryAfterSeconds } from '../../src/graph/client';
import { readCallRecords, type TimeRange } from '../../src/graph/call-records';
import { GraphConfigError, readGraphConfig } from '../../src/graph/config';
import { GraphError } from '../../src/graph/errors';
import {
  EXPIRED_SECRET,
  INVALID_SECRET,
  WRONG_TENANT,
  drRow,
  graphEnv,
  pstnRow,
  startEntra,
  startGraph,
  type EntraStandIn,
  type GraphStandIn,
} from '../helpers/graph-stand-in';

const DAY: TimeRange = { from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };

let entra: EntraStandIn;
let graph: GraphStandIn | undefined;

beforeAll(async () => {
  entra = await startEntra();
});
afterAll(() => entra.close());
afterEach(async () => {
  await graph?.close();
  graph = undefined;
});

function client(over: Record<string, string> = {}, sleeps: number[] = []) {
  const config = readGraphConfig(graphEnv(entra, graph!, over))!;
  return new GraphClient(config, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

async function failure(p: Promise<unknown>): Promise<GraphError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphError);
  return err as GraphError;
}

describe('reading call records from Microsoft Graph', () => {
  it('reads every page of both functions, with the range in the documented form', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => drRow({ start: `2026-11-19T0${i}:10:00Z`, ok: i % 2 === 0 }));
    graph = await startGraph({ directRouting: [...rows, drRow({ start: '2026-11-20T00:00:00Z' })], pstn: [pstnRow('2026-11-19T08:00:00Z')], pageSize: 3 });
    const records = await readCallRecords(client(), DAY);
    expect(records.directRouting.rows.map((r) => r.correlationId)).toEqual(rows.map((r) => r.correlationId));
    expect(records.directRouting.pages).toBe(3);
    expect(records.directRouting.truncated).toBe(false);
    expect(records.pstn.rows).toHaveLength(1);
    expect(records.requests).toBe(4);
    const paths = graph.callRecordRequests().map((r) => r.path);
    expect(paths[0]).toBe('/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2026-11-19T00:00:00Z,toDateTime=2026-11-20T00:00:00Z)');
    expect(paths[1]).toContain('?$skip=3');
    // getPstnCalls' end is inclusive: one millisecond before the next day.
    expect(paths[3]).toBe('/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-11-19T00:00:00Z,toDateTime=2026-11-19T23:59:59.999Z)');
    expect(graph.callRecordRequests().every((r) => r.authorization === `Bearer graph-token-${readGraphConfig(graphEnv(entra, graph!))!.clientId}`)).toBe(true);
  });

  it('drops the year-1 placeholder dates Graph writes where a time does not apply', async () => {
    graph = await startGraph({ directRouting: [drRow({ start: '2026-11-19T10:00:00Z', ok: true }), drRow({ start: '2026-11-19T11:00:00Z' })] });
    const { directRouting } = await readCallRecords(client(), DAY);
    const [ok, failed] = directRouting.rows;
    expect(ok!.failureDateTime).toBeUndefined();
    expect(ok!.endDateTime).toBe('2026-11-19T10:01:05.000Z');
    expect(failed!.endDateTime).toBeUndefined();
    expect(failed!.failureDateTime).toBe('2026-11-19T11:00:01.000Z');
    expect(JSON.stringify(directRouting.rows)).not.toContain('0001-01-01');
  });

  it('answers an empty day with no rows', async () => {
    graph = await startGraph({ directRouting: [drRow({ start: '2026-11-18T10:00:00Z' })] });
    const records = await readCallRecords(client(), DAY);
    expect(records.directRouting).toEqual({ rows: [], pages: 1, truncated: false });
    expect(records.pstn.rows).toEqual([]);
  });

  it('waits as long as a 429 Retry-After says, then goes on', async () => {
    graph = await startGraph({ directRouting: [drRow({ start: '2026-11-19T10:00:00Z' }), drRow({ start: '2026-11-19T11:00:00Z' })], pageSize: 1, throttle: { request: 2, status: 429, retryAfter: '7' } });
    const sleeps: number[] = [];
    const records = await readCallRecords(client({}, sleeps), DAY);
    expect(records.directRouting.rows).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
    expect(graph.callRecordRequests()).toHaveLength(4); // page 1, 429, page 2 again, PSTN
  });

  it('really waits (a Retry-After of 1 s between the two requests)', async () => {
    graph = await startGraph({ directRouting: [drRow({ start: '2026-11-19T10:00:00Z' })], throttle: { request: 1, status: 503, retryAfter: '1' } });
    const config = readGraphConfig(graphEnv(entra, graph))!;
    await readCallRecords(new GraphClient(config), DAY);
    const [first, second] = graph.callRecordRequests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('backs off on a 503 without Retry-After, and gives up with a clear message past the cap', async () => {
    graph = await startGraph({ throttle: { request: 1, status: 503, times: 1 } });
    const sleeps: number[] = [];
    await readCallRecords(client({}, sleeps), DAY);
    expect(sleeps).toEqual([1000]);
    await graph.close();

    graph = await startGraph({ throttle: { request: 1, status: 429, retryAfter: '3600' } });
    const err = await failure(readCallRecords(client({}, sleeps), DAY));
    expect(err.kind).toBe('throttled');
    expect(err.message).toMatch(/429 Too Many Requests.*3600 s.*Try again later/);
  });

  it('reads a Retry-After given as an HTTP date', () => {
    const now = Date.parse('2026-11-20T09:00:00Z');
    expect(retryAfterSeconds('Fri, 20 Nov 2026 09:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
  });

  it('says which permission is missing and how to consent to it (403)', async () => {
    graph = await startGraph({ forbidden: true });
    const err = await failure(readCallRecords(client(), DAY));
    expect(err.kind).toBe('permission');
    expect(err.detail).toMatchObject({ status: 403, code: 'Forbidden', requestId: '632418d9-74c1-4aac-ab03-89fa7b5e617c' });
    expect(err.message).toContain('CallRecords.Read.All');
    expect(err.message).toContain('Application permissions');
    expect(err.message).toContain('Grant admin consent');
    expect(err.message).toContain('getDirectRoutingCalls');
  });

  it('stops at the page cap and says so', async () => {
    graph = await startGraph({ directRouting: Array.from({ length: 5 }, (_, i) => drRow({ start: `2026-11-19T1${i}:00:00Z` })), pageSize: 1 });
    const records = await readCallRecords(client({ GRAPH_MAX_PAGES: '2' }), DAY);
    expect(records.directRouting).toMatchObject({ pages: 2, truncated: true });
    expect(records.directRouting.rows).toHaveLength(2);
  });

  it('never sends its token to a nextLink on another host', async () => {
    graph = await startGraph({ directRouting: [drRow({ start: '2026-11-19T10:00:00Z' }), drRow({ start: '2026-11-19T11:00:00Z' })], pageSize: 1, foreignNextLink: true });
    const err = await failure(readCallRecords(client(), DAY));
    expect(err.message).toContain('graph.evil.example');
    expect(graph.callRecordRequests()).toHaveLength(1);
  });

  it('names the tenant setting for a wrong tenant (AADSTS90002)', async () => {
    graph = await startGraph();
    const err = await failure(readCallRecords(client({ GRAPH_TENANT_ID: WRONG_TENANT }), DAY));
    expect(err.kind).toBe('tenant');
    expect(err.message).toContain('AADSTS90002');
    expect(err.message).toContain('GRAPH_TENANT_ID');
    expect(graph.requests).toHaveLength(0);
  });

  it('says an expired secret must be renewed (AADSTS7000222)', async () => {
    graph = await startGraph();
    const err = await failure(readCallRecords(client({ GRAPH_CLIENT_SECRET: EXPIRED_SECRET }), DAY));
    expect(err.kind).toBe('secret-expired');
    expect(err.message).toMatch(/expired \(AADSTS7000222\).*Certificates & secrets/);
    expect(err.message).not.toContain(EXPIRED_SECRET);
  });

  it('says a wrong secret is probably the Secret ID (AADSTS7000215)', async () => {
    graph = await startGraph();
    const err = await failure(readCallRecords(client({ GRAPH_CLIENT_SECRET: INVALID_SECRET }), DAY));
    expect(err.kind).toBe('secret-invalid');
    expect(err.message).toContain('AADSTS7000215');
    expect(err.message).toContain('not its Secret ID');
    expect(err.message).not.toContain(INVALID_SECRET);
  });

  it('signs in with a certificate (ClientCertificateCredential, a signed client assertion)', async () => {
    graph = await startGraph({ directRouting: [drRow({ start: '2026-11-19T10:00:00Z' })] });
    const records = await readCallRecords(client({ GRAPH_CLIENT_SECRET: '', GRAPH_CLIENT_CERTIFICATE_PATH: entra.certificatePem }), DAY);
    expect(records.directRouting.rows).toHaveLength(1);
    const tokenRequest = entra.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).at(-1)!;
    const form = new URLSearchParams(tokenRequest.body);
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('client_secret')).toBeNull();
  });

  it('refuses a range Graph would refuse', async () => {
    graph = await startGraph();
    await expect(readCallRecords(client(), { from: DAY.to, to: DAY.from })).rejects.toThrow('after its start');
    await expect(readCallRecords(client(), { from: new Date('2026-01-01Z'), to: new Date('2026-06-01Z') })).rejects.toThrow('90 days');
    expect(graph.requests).toHaveLength(0);
  });
});

describe('Graph settings', () => {
  it('is off when nothing is set, and says what is missing when half set', () => {
    expect(readGraphConfig({})).toBeUndefined();
    expect(() => readGraphConfig({ GRAPH_TENANT_ID: 'x' })).toThrow(/GRAPH_CLIENT_ID/);
    const base = { GRAPH_TENANT_ID: '4a7c2f1e-5b3d-4e6f-8a9b-0c1d2e3f4a5b', GRAPH_CLIENT_ID: '7d1c4b2a-3e5f-4a6b-9c8d-1e2f3a4b5c6d' };
    expect(() => readGraphConfig(base)).toThrow(/exactly one of GRAPH_CLIENT_SECRET/);
    expect(() => readGraphConfig({ ...base, GRAPH_CLIENT_SECRET: 's', GRAPH_BASE_URL: 'http://graph.example.com/v1.0' })).toThrow(GraphConfigError);
    expect(() => readGraphConfig({ ...base, GRAPH_CLIENT_SECRET: 's', GRAPH_AUTHORITY_HOST: 'http://127.0.0.1:1' })).toThrow(/https/);
    expect(readGraphConfig({ ...base, GRAPH_CLIENT_SECRET: 's' })).toMatchObject({ baseUrl: 'https://graph.microsoft.com/v1.0', authorityHost: 'https://login.microsoftonline.com', maxPages: 100 });
  });
});
