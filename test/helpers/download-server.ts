// A local HTTPS server standing in for SharePoint / OneDrive downloads, with a self-signed
// certificate made for the test (trusted through the downloader's FILE_DOWNLOAD_CA_FILE, never by
// turning TLS checks off). Each route serves one case of the download rules; every request is
// recorded so that a test can check what the bot sent (the exact path and query, no Authorization).
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { selfSignedCertificate } from './certificate';

export interface Recorded {
  url: string;
  headers: IncomingMessage['headers'];
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface DownloadServer {
  port: number;
  origin: string;
  /** PEM of the server's certificate, written to `caFile`. */
  caFile: string;
  requests: Recorded[];
  route(pathname: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startDownloadServer(): Promise<DownloadServer> {
  const pems = await selfSignedCertificate('localhost');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-download-'));
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, pems.cert);
  const routes = new Map<string, Route>();
  const requests: Recorded[] = [];
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const pathname = new URL(req.url ?? '/', 'https://localhost').pathname;
    const handler = routes.get(pathname);
    if (handler) handler(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    port,
    origin: `https://localhost:${port}`,
    caFile,
    requests,
    route: (p, h) => routes.set(p, h),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** A Teams downloadUrl moved to the local server: the same path and query, byte for byte. */
export function onServer(downloadUrl: string, origin: string): string {
  const u = new URL(downloadUrl);
  return `${origin}${downloadUrl.slice(u.origin.length)}`;
}
