// Limits on the bot's own outgoing calls to the Bot Framework connector (the replies). The
// connector client's default pipeline retries a failing call several times, honours any
// Retry-After (an hour), follows redirects, waits for ever on a host that never answers and
// buffers any response body whole. A turn holds Teams' request open while it replies, and Teams
// gives up after 15 s, so every call here has one deadline across its attempts.
//
// The connector client is built on @azure/core-rest-pipeline; its pipeline is reached through
// the client's `client` field (private in the SDK's typings) and checked at runtime.

export interface OutgoingLimits {
  /** One deadline for a call, all attempts and waits included. */
  deadlineMs: number;
  /** Each attempt, headers and body. */
  attemptTimeoutMs: number;
  /** Attempts after the first. */
  maxRetries: number;
  /** A longer Retry-After is not waited for: the call fails at once. */
  maxRetryAfterMs: number;
  /** A larger response body is not read (the connector answers a few hundred bytes). */
  maxResponseBytes: number;
  /** Refuse any host but this machine (authentication off). */
  loopbackOnly: boolean;
}

export const OUTGOING_DEFAULTS: Omit<OutgoingLimits, 'loopbackOnly'> = {
  deadlineMs: 10_000,
  attemptTimeoutMs: 5_000,
  maxRetries: 2,
  maxRetryAfterMs: 5_000,
  maxResponseBytes: 1024 * 1024,
};

// The part of @azure/core-rest-pipeline's interfaces used here.
interface HeadersLike {
  get(name: string): string | undefined;
}
interface RequestLike {
  url: string;
  timeout: number;
  abortSignal?: AbortSignal;
  streamResponseStatusCodes?: Set<number>;
}
interface ResponseLike {
  status: number;
  headers: HeadersLike;
  bodyAsText?: string | null;
  readableStreamBody?: NodeJS.ReadableStream;
}
type Next = (request: RequestLike) => Promise<ResponseLike>;
interface Policy {
  name: string;
  sendRequest(request: RequestLike, next: Next): Promise<ResponseLike>;
}
interface PipelineLike {
  addPolicy(policy: Policy, options?: { phase?: string; afterPhase?: string }): void;
  removePolicy(options: { name?: string }): Policy[];
  getOrderedPolicies(): Policy[];
}

export class OutgoingCallError extends Error {
  constructor(
    message: string,
    readonly code: 'TIMEOUT' | 'RESPONSE_TOO_LARGE' | 'NOT_LOOPBACK',
  ) {
    super(message);
    this.name = 'OutgoingCallError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retry-After in ms (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Network errors worth one more try. A refused connection or an unknown host is not. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);
const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

function retryPolicy(limits: OutgoingLimits): Policy {
  return {
    name: 'sipdocRetryPolicy',
    async sendRequest(request, next) {
      const deadline = Date.now() + limits.deadlineMs;
      for (let attempt = 0; ; attempt++) {
        const left = deadline - Date.now();
        if (left <= 0) throw new OutgoingCallError(`no answer from the connector within ${limits.deadlineMs} ms`, 'TIMEOUT');
        request.timeout = Math.min(limits.attemptTimeoutMs, left);
        let response: ResponseLike | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (err) {
          error = err;
        }
        let wait: number | undefined;
        if (attempt < limits.maxRetries) {
          const backoff = 500 * 2 ** attempt;
          if (response && RETRIED_STATUSES.has(response.status)) {
            const asked = retryAfterMs(response.headers.get('retry-after'));
            wait = asked === undefined ? backoff : asked <= limits.maxRetryAfterMs ? asked : undefined;
          } else if (!response && TRANSIENT_CODES.has(String((error as { code?: unknown })?.code))) {
            wait = backoff;
          }
          // A wait that would leave no time for the attempt after it is not worth making.
          if (wait !== undefined && Date.now() + wait + 250 > deadline) wait = undefined;
        }
        if (wait === undefined) {
          if (response) return response;
          throw error;
        }
        await sleep(wait);
      }
    },
  };
}

async function readCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new OutgoingCallError(`the connector's answer is larger than ${maxBytes} bytes`, 'RESPONSE_TOO_LARGE');
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Next to the HTTP client: refuses hosts other than loopback when asked, bounds each attempt
 * (the client's own timeout stops at the headers) and reads the body itself, up to the cap.
 */
function boundedTransportPolicy(limits: OutgoingLimits, isLoopback: (url: string) => boolean): Policy {
  return {
    name: 'sipdocBoundedTransportPolicy',
    async sendRequest(request, next) {
      if (limits.loopbackOnly && !isLoopback(request.url)) {
        throw new OutgoingCallError('with authentication off, replies go only to this machine', 'NOT_LOOPBACK');
      }
      const budget = request.timeout > 0 ? request.timeout : limits.attemptTimeoutMs;
      const timer = AbortSignal.timeout(budget);
      const saved = { abortSignal: request.abortSignal, stream: request.streamResponseStatusCodes, timeout: request.timeout };
      request.abortSignal = saved.abortSignal ? AbortSignal.any([saved.abortSignal, timer]) : timer;
      request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
      request.timeout = 0;
      try {
        const response = await next(request);
        if (response.readableStreamBody) {
          response.bodyAsText = await readCapped(response.readableStreamBody, limits.maxResponseBytes);
          response.readableStreamBody = undefined;
        }
        return response;
      } catch (err) {
        if (timer.aborted && !(err instanceof OutgoingCallError)) throw new OutgoingCallError(`no answer from the connector within ${budget} ms`, 'TIMEOUT');
        throw err;
      } finally {
        request.abortSignal = saved.abortSignal;
        request.streamResponseStatusCodes = saved.stream;
        request.timeout = saved.timeout;
      }
    },
  };
}

/** The core-rest-pipeline pipeline inside a ConnectorClient (or any client of the SDK's compat layer). */
function pipelineOf(client: object): PipelineLike {
  const pipeline = (client as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline || typeof pipeline.addPolicy !== 'function' || typeof pipeline.removePolicy !== 'function') {
    throw new Error('botframework-connector: the connector client has no core-rest-pipeline pipeline; outgoing limits cannot be set.');
  }
  return pipeline;
}

/** Replaces the client's retry and redirect policies with bounded ones. Returns the client. */
export function limitOutgoingCalls<T extends object>(client: T, limits: OutgoingLimits, isLoopback: (url: string) => boolean): T {
  const pipeline = pipelineOf(client);
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.removePolicy({ name: 'exponentialRetryPolicy' });
  pipeline.removePolicy({ name: 'throttlingRetryPolicy' });
  pipeline.removePolicy({ name: 'systemErrorRetryPolicy' });
  // The connector never redirects; a redirect would carry the bot's token elsewhere.
  pipeline.removePolicy({ name: 'redirectPolicy' });
  pipeline.addPolicy(retryPolicy(limits), { phase: 'Retry' });
  pipeline.addPolicy(boundedTransportPolicy(limits, isLoopback), { afterPhase: 'Sign' });
  return client;
}
