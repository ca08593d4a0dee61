// A local stand-in for raw.githubusercontent.com: serves `/<owner>/<name>/<branch>/<path>` as
// `text/plain; charset=utf-8` (what GitHub's raw host answers), `404: Not Found` for anything else,
// and per-path overrides for the failures a refresh must survive: another status, a redirect, a
// response that never finishes, any body.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Override =
  | { status: number; body?: string | Buffer; headers?: Record<string, string> }
  /** Send the headers and the first bytes, then nothing. */
  | 'hang'
  /** Promise 1,000 bytes, send a few, close the connection. */
  | 'truncate';

export interface RawGithub {
  url: string;
  /** Path (`/owner/name/branch/path`) -> file text. Edit between runs. */
  files: Map<string, string>;
  overrides: Map<string, Override>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startRawGithub(files: Map<string, string>): Promise<RawGithub> {
  const overrides = new Map<string, Override>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(p);
    const o = overrides.get(p);
    if (o === 'hang') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.write('---\n');
      return;
    }
    if (o === 'truncate') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': '1000' });
      res.write('---\ntitle: x\n', () => res.socket?.destroy());
      return;
    }
    if (o) {
      res.writeHead(o.status, { 'content-type': 'text/plain; charset=utf-8', ...o.headers });
      res.end(o.body ?? '');
      return;
    }
    const text = files.get(p);
    if (text === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404: Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    overrides,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
