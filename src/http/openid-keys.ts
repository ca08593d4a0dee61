// The signing keys of a Bot Framework OpenID endpoint (its metadata names the JWKS). The SDK's own
// loader has no timeout, starts one fetch per waiting request, keeps whatever came back (a
// malformed list for a day) and turns an outage into 500 or 401. This one: a deadline on every
// fetch, one fetch at a time, only a list with usable RSA keys is kept, and an outage is
// KeysUnavailableError (the server answers 503 with Retry-After). The SDK is given the same
// object (useInSdk), so its own check of a token reads the same keys and never fetches.
import { createPublicKey, type KeyObject } from 'node:crypto';
// Not exported from the package's index; the module the SDK's token check itself uses.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';

export interface SigningKey {
  /** A KeyObject, not a PEM: the SDK prints the key it holds when a token fails, a PEM in full. */
  key: KeyObject;
  /** The channels the key may sign for (Bot Framework's extension to JWKS), when it says. */
  endorsements?: string[];
}

export interface KeySetOptions {
  /** For the metadata and the key list together. */
  timeoutMs: number;
  /** Either answer above this is refused (Microsoft's key list is a few KB). */
  maxBytes: number;
  /** Keys older than this are fetched again (the SDK's default: a day). */
  refreshMs: number;
  /** A token with an unknown key id refetches the list at most this often. */
  unknownKeyRefetchMs: number;
  /** After a failed fetch, none is tried again for this long; requests get 503 until then. */
  retryAfterMs: number;
}

export const KEY_SET_DEFAULTS: KeySetOptions = {
  timeoutMs: 5_000,
  maxBytes: 1024 * 1024,
  refreshMs: 24 * 3600_000,
  unknownKeyRefetchMs: 5 * 60_000,
  retryAfterMs: 10_000,
};

export class KeysUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'KeysUnavailableError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) throw new Error(`answer of ${declared} bytes, more than ${maxBytes}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`answer larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function fetchJson(url: string, signal: AbortSignal, maxBytes: number): Promise<unknown> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status} from ${url}`);
  }
  const text = await readCapped(res, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON from ${url}`);
  }
}

/** The usable keys of a JWKS answer: RSA keys with a kid that node can import. Throws when none is. */
export function parseKeyList(body: unknown): Map<string, SigningKey> {
  if (!isObject(body) || !Array.isArray(body.keys)) throw new Error('the key list has no "keys" array');
  const keys = new Map<string, SigningKey>();
  for (const jwk of body.keys) {
    if (!isObject(jwk) || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    const endorsements = jwk.endorsements;
    // A key whose endorsements are not a list of strings cannot be held to them: not used.
    if (endorsements !== undefined && !(Array.isArray(endorsements) && endorsements.every((e) => typeof e === 'string'))) continue;
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
      keys.set(jwk.kid, { key, endorsements: endorsements as string[] | undefined });
    } catch {
      // not a valid RSA key: skipped
    }
  }
  if (keys.size === 0) throw new Error('the key list holds no usable RSA signing key');
  return keys;
}

export class OpenIdKeySet {
  private keys: Map<string, SigningKey> | undefined;
  private fetchedAt = 0;
  private failedAt = -Infinity;
  private lastError = '';
  private inFlight: Promise<void> | undefined;
  /** How many fetches of the metadata were started (for tests and logs). */
  fetches = 0;

  constructor(
    readonly metadataUrl: string,
    private readonly options: KeySetOptions = KEY_SET_DEFAULTS,
  ) {}

  /** The key with this id, or null when the list does not have it. Throws KeysUnavailableError. */
  async getKey(kid: string): Promise<SigningKey | null> {
    const now = Date.now();
    if (!this.keys || now - this.fetchedAt > this.options.refreshMs) {
      await this.refresh(!this.keys);
    } else if (!this.keys.has(kid) && now - this.fetchedAt > this.options.unknownKeyRefetchMs) {
      await this.refresh(false);
    }
    return this.keys?.get(kid) ?? null;
  }

  /** One fetch at a time; a failure throws only when there is no earlier list to fall back on. */
  private async refresh(required: boolean): Promise<void> {
    const wait = this.failedAt + this.options.retryAfterMs - Date.now();
    if (wait > 0) {
      if (required || !this.keys) throw new KeysUnavailableError(`signing keys unavailable: ${this.lastError}`, Math.ceil(wait / 1000));
      return;
    }
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    try {
      await this.inFlight;
    } catch (err) {
      if (required || !this.keys) throw new KeysUnavailableError(`signing keys unavailable: ${(err as Error).message}`, Math.ceil(this.options.retryAfterMs / 1000));
    }
  }

  private async load(): Promise<void> {
    this.fetches++;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const metadata = await fetchJson(this.metadataUrl, signal, this.options.maxBytes);
      const jwksUri = isObject(metadata) ? metadata.jwks_uri : undefined;
      if (typeof jwksUri !== 'string' || !/^https?:\/\//i.test(jwksUri)) throw new Error('the OpenID metadata has no jwks_uri');
      this.keys = parseKeyList(await fetchJson(jwksUri, signal, this.options.maxBytes));
      this.fetchedAt = Date.now();
    } catch (err) {
      this.failedAt = Date.now();
      this.lastError = signal.aborted ? `no answer within ${this.options.timeoutMs} ms` : (err as Error).message;
      throw new Error(this.lastError);
    }
  }
}

const keySets = new Map<string, OpenIdKeySet>();

/**
 * One key set per endpoint for the whole process, shared by every server and by the SDK. The
 * options of the first call for an endpoint hold.
 */
export function keySetFor(metadataUrl: string, options: KeySetOptions = KEY_SET_DEFAULTS): OpenIdKeySet {
  let set = keySets.get(metadataUrl);
  if (!set) {
    set = new OpenIdKeySet(metadataUrl, options);
    keySets.set(metadataUrl, set);
    useInSdk(set);
  }
  return set;
}

/**
 * botframework-connector keeps one key loader per metadata URL in a static map of
 * JwtTokenExtractor (private in its typings) and reuses what it finds there. Putting this key set
 * there makes the SDK's token check use it. Checked, so that an SDK that changes this fails loudly.
 */
function useInSdk(set: OpenIdKeySet): void {
  const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache?: unknown }).openIdMetadataCache;
  if (!(cache instanceof Map)) throw new Error('botframework-connector: JwtTokenExtractor.openIdMetadataCache is gone; the key loader cannot be shared.');
  cache.set(set.metadataUrl, set);
}
