// Limits on incoming connections and on the work the server takes on at once.
//   Connections: Teams answers a bot within 15 s and sends its whole request at once, so a request
//   whose headers or body trickle in is cut (408), idle sockets are closed, and the number of open
//   sockets is bounded (each holds a file descriptor).
//   Work: a message is admitted only while the bodies of the requests in flight stay under a
//   budget; beyond it the answer is 503 with Retry-After before the body is read. Parsing and
//   reading a 4 MB message takes the event loop for a while; without a bound, 200 at once kept
//   /healthz waiting for tens of seconds. Small messages (a few KB) are never the ones turned away.
import type * as http from 'node:http';

export interface ConnectionLimits {
  /** From the connection (or the previous request) to the end of the headers. */
  headersTimeoutMs: number;
  /** From the connection to the end of the body. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (Node's default). */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic at all for this long is closed, whatever it is doing. */
  socketIdleMs: number;
  maxConnections: number;
  /** How often Node checks the two request timeouts (its default is 30 s). */
  checkIntervalMs: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  socketIdleMs: 30_000,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
};

/** Call before listen(): Node reads the check interval when the server starts listening. */
export function applyConnectionLimits(server: http.Server, limits: ConnectionLimits = CONNECTION_LIMITS): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.socketIdleMs);
  (server as http.Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = limits.checkIntervalMs;
}

/** Admission by the size of the bodies in flight. */
export class BodyBudget {
  private inFlight = 0;

  constructor(
    /** Bytes of request bodies being read or handled at once. */
    readonly budgetBytes: number,
    /** What a request without Content-Length counts for (it may be this large). */
    private readonly unknownSizeBytes: number,
  ) {}

  get bytesInFlight(): number {
    return this.inFlight;
  }

  /**
   * Takes a share for this request, released when its response is done; false when the budget
   * is spent. One request is always admitted when nothing else is in flight.
   */
  admit(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const declared = Number(req.headers['content-length']);
    const size = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, this.unknownSizeBytes) : this.unknownSizeBytes;
    if (this.inFlight > 0 && this.inFlight + size > this.budgetBytes) return false;
    this.inFlight += size;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        this.inFlight -= size;
      }
    };
    res.once('finish', release);
    res.once('close', release);
    return true;
  }
}
