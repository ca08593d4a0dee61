// The file downloader against a real local HTTPS server: every rule, each with a case that breaks it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostRules, readFileConfig, type FileConfig } from '../../src/files/config';
import { downloadFile, MAX_REDIRECTS, urlProblem } from '../../src/files/download';
import { startDownloadServer, type DownloadServer } from '../helpers/download-server';

let srv: DownloadServer;
let config: FileConfig;
const CAP = 64 * 1024;

beforeAll(async () => {
  srv = await startDownloadServer();
  config = readFileConfig({
    FILE_DOWNLOAD_HOSTS: `localhost:${srv.port}`,
    FILE_DOWNLOAD_CA_FILE: srv.caFile,
    FILE_MAX_BYTES: String(CAP),
    FILE_DOWNLOAD_TIMEOUT_MS: '1500',
  });
  srv.route('/file.csv', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end('Final SIP code,Final Microsoft subcode\n403,510559\n');
  });
  srv.route('/hop', (req, res) => {
    const n = Number(new URL(req.url!, 'https://x').searchParams.get('n') ?? '0');
    res.writeHead(302, { location: n > 0 ? `/hop?n=${n - 1}` : '/file.csv' });
    res.end();
  });
  srv.route('/away', (_req, res) => {
    res.writeHead(302, { location: 'https://attacker.example.net/file.csv' });
    res.end();
  });
  srv.route('/to-http', (_req, res) => {
    res.writeHead(301, { location: `http://localhost:${srv.port}/file.csv` });
    res.end();
  });
  srv.route('/big', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(CAP + 1) });
    res.end('x'.repeat(CAP + 1));
  });
  srv.route('/big-chunked', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    // No Content-Length: the cap is found while the body streams in.
    let sent = 0;
    const more = () => {
      while (sent < CAP * 4) {
        sent += 8192;
        if (!res.write('y'.repeat(8192))) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  srv.route('/slow', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.write('Final SIP code,Final Microsoft subcode\n');
    // ... and the rest never comes.
  });
  srv.route('/page', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><head><title>PSTN.calls.csv</title></head><body>SharePoint</body></html>');
  });
  srv.route('/page-as-octets', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end('\n  <!doctype html><html><body>sign in</body></html>');
  });
  srv.route('/gzip', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    res.end(Buffer.from([0x1f, 0x8b, 8, 0]));
  });
  srv.route('/expired', (_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end('{"error":"tempauth expired"}');
  });
});

afterAll(async () => {
  await srv.close();
});

const url = (p: string) => `${srv.origin}${p}`;

describe('URL rules (checked before any request)', () => {
  const rules = parseHostRules('*.sharepoint.com');
  it.each([
    ['http://contoso.sharepoint.com/file.csv', 'not https'],
    ['https://user:pw@contoso.sharepoint.com/file.csv', 'user name or password'],
    ['https://contoso.sharepoint.com:8443/file.csv', 'port other than the default'],
    ['https://contoso.sharepoint.com.evil.net/file.csv', 'host SIP Doc does not download from'],
    ['https://sharepoint.com/file.csv', 'host SIP Doc does not download from'],
    ['https://127.0.0.1/file.csv', 'host SIP Doc does not download from'],
    ['file:///etc/passwd', 'not https'],
    ['not a url', 'not a valid URL'],
  ])('%s is refused (%s)', (u, why) => {
    expect(urlProblem(u, rules)).toContain(why);
  });

  it('the default hosts are the tenant and its -my site on sharepoint.com', () => {
    expect(urlProblem('https://contoso.sharepoint.com/sites/x/file.csv', rules)).toBeUndefined();
    expect(urlProblem('https://contoso-my.sharepoint.com/personal/a/_layouts/15/download.aspx?UniqueId=1&tempauth=2', rules)).toBeUndefined();
    expect(urlProblem('https://contoso-my.sharepoint.com:443/x', rules)).toBeUndefined();
  });

  it('bad settings stop the start with a clear message', () => {
    expect(() => readFileConfig({ FILE_DOWNLOAD_HOSTS: 'https://x.com' })).toThrow(/not a host name/);
    expect(() => readFileConfig({ FILE_DOWNLOAD_HOSTS: '*.com:99999' })).toThrow(/not a host name/);
    expect(() => readFileConfig({ FILE_MAX_BYTES: 'lots' })).toThrow(/FILE_MAX_BYTES/);
    expect(() => readFileConfig({ FILE_DOWNLOAD_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/cannot read/);
  });
});

describe('downloads over HTTPS from the local server', () => {
  it('fetches the URL byte for byte with no Authorization header', async () => {
    const before = srv.requests.length;
    const r = await downloadFile(url('/file.csv?UniqueId=abc&Translate=false&tempauth=v1.e%2Fy.J%3D&ApiVersion=2.0'), { config });
    expect(r.ok && r.bytes.toString()).toBe('Final SIP code,Final Microsoft subcode\n403,510559\n');
    const req = srv.requests[before]!;
    expect(req.url).toBe('/file.csv?UniqueId=abc&Translate=false&tempauth=v1.e%2Fy.J%3D&ApiVersion=2.0');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers.cookie).toBeUndefined();
    expect(req.headers['accept-encoding']).toBe('identity');
  });

  it('keeps TLS checks on: without the test CA the self-signed server is refused', async () => {
    const r = await downloadFile(url('/file.csv'), { config: { ...config, ca: undefined } });
    expect(r).toMatchObject({ ok: false, problem: 'network' });
    expect(!r.ok && r.message).toMatch(/SELF_SIGNED|certificate/i);
  });

  it('follows redirects on the allow-list, at most MAX_REDIRECTS of them', async () => {
    const ok = await downloadFile(url(`/hop?n=${MAX_REDIRECTS - 1}`), { config });
    expect(ok.ok).toBe(true);
    const tooMany = await downloadFile(url(`/hop?n=${MAX_REDIRECTS}`), { config });
    expect(tooMany).toMatchObject({ ok: false, problem: 'redirect' });
  });

  it('refuses a redirect to a host off the list, and to plain http', async () => {
    const before = srv.requests.length;
    const away = await downloadFile(url('/away'), { config });
    expect(away).toMatchObject({ ok: false, problem: 'redirect' });
    expect(!away.ok && away.message).toContain('host SIP Doc does not download from');
    const http = await downloadFile(url('/to-http'), { config });
    expect(!http.ok && http.message).toContain('not https');
    // Nothing was requested after the redirects.
    expect(srv.requests.slice(before).map((r) => r.url)).toEqual(['/away', '/to-http']);
  });

  it('refuses a body over the cap: by Content-Length, and while it streams in', async () => {
    expect(await downloadFile(url('/big'), { config })).toMatchObject({ ok: false, problem: 'too-large' });
    const t0 = Date.now();
    expect(await downloadFile(url('/big-chunked'), { config })).toMatchObject({ ok: false, problem: 'too-large' });
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('gives up on a slow body at the total timeout', async () => {
    const t0 = Date.now();
    const r = await downloadFile(url('/slow'), { config });
    expect(r).toMatchObject({ ok: false, problem: 'timeout' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
  });

  it('refuses an HTML page, whatever its Content-Type says', async () => {
    expect(await downloadFile(url('/page'), { config })).toMatchObject({ ok: false, problem: 'html' });
    expect(await downloadFile(url('/page-as-octets'), { config })).toMatchObject({ ok: false, problem: 'html' });
  });

  it('refuses a compressed body and says when a link has expired', async () => {
    expect(await downloadFile(url('/gzip'), { config })).toMatchObject({ ok: false, problem: 'encoding' });
    const expired = await downloadFile(url('/expired'), { config });
    expect(expired).toMatchObject({ ok: false, problem: 'status' });
    expect(!expired.ok && expired.message).toContain('Send the file again');
  });
});
