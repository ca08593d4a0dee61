// The token check that runs before the Bot Framework SDK sees a request (authentication on).
// Teams sends only channel tokens: issued by the Bot Framework channel, signed by one of its
// keys, for this app id, endorsed for the activity's channel, bound to its serviceUrl. Anything
// else is refused here, so that the SDK's own check (which still runs after this one) never meets
// a token that is not of that kind. That matters because the SDK, before it verifies anything,
// (1) routes a token by its unverified issuer: one shaped like an Emulator token skips the
// serviceUrl and channel checks, and (2) for every unseen `tid` claim appends four issuer strings
// to a module-global list that is never freed; and a token it refuses makes it print the key
// and a stack trace to stderr.
import jwt from 'jsonwebtoken';
import { AuthenticationConstants, EmulatorValidation, GovernmentConstants, SkillValidation } from 'botframework-connector';
import type { ServerConfig } from '../config';
import { PARAMETERIZED_AUTH_KEYS, US_GOV_CHANNEL_SERVICE } from '../config';
import { keySetFor, type OpenIdKeySet } from './openid-keys';
import { isLoopbackUrl } from './service-url';

/** Bot Framework tokens are about 1.5 KB; Entra ID tokens a few KB. */
export const MAX_TOKEN_CHARS = 8192;
/** The SDK's own tolerance for clock skew. */
const CLOCK_TOLERANCE_S = 300;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

// The Emulator's issuers as the SDK ships them, copied before any request can add to the list.
const SDK_EMULATOR_ISSUERS: readonly string[] = [...(EmulatorValidation.ToBotFromEmulatorTokenValidationParameters.issuer as string[])];

export interface TokenPolicy {
  appId: string;
  channel: { issuer: string; keys: OpenIdKeySet };
  /** Only with ALLOW_EMULATOR_TOKENS=true. */
  emulator?: { issuers: ReadonlySet<string>; keys: OpenIdKeySet };
}

/** The issuer and key endpoints of the configured cloud, chosen the way the adapter chooses them. */
export function tokenPolicy(config: ServerConfig): TokenPolicy {
  const s = config.authSettings;
  const parameterized = PARAMETERIZED_AUTH_KEYS.some((k) => s[k]);
  const gov = !parameterized && s.ChannelService === US_GOV_CHANNEL_SERVICE;
  const constants = gov ? GovernmentConstants : AuthenticationConstants;
  const issuer = parameterized ? s.ToBotFromChannelTokenIssuer! : constants.ToBotFromChannelTokenIssuer;
  const channelMetadata = parameterized ? s.ToBotFromChannelOpenIdMetadataUrl! : constants.ToBotFromChannelOpenIdMetadataUrl;
  const policy: TokenPolicy = { appId: config.appId, channel: { issuer, keys: keySetFor(channelMetadata) } };
  if (config.allowEmulatorTokens) {
    const emulatorMetadata = parameterized ? s.ToBotFromEmulatorOpenIdMetadataUrl! : constants.ToBotFromEmulatorOpenIdMetadataUrl;
    const tenant = config.tenantId;
    const tenantIssuers = tenant
      ? [
          `${AuthenticationConstants.ValidTokenIssuerUrlTemplateV1}${tenant}/`,
          `${AuthenticationConstants.ValidTokenIssuerUrlTemplateV2}${tenant}/v2.0`,
          `${AuthenticationConstants.ValidGovernmentTokenIssuerUrlTemplateV1}${tenant}/`,
          `${AuthenticationConstants.ValidGovernmentTokenIssuerUrlTemplateV2}${tenant}/v2.0`,
        ]
      : [];
    policy.emulator = { issuers: new Set([...SDK_EMULATOR_ISSUERS, ...tenantIssuers]), keys: keySetFor(emulatorMetadata) };
  }
  return policy;
}

export type TokenVerdict = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): TokenVerdict => ({ ok: false, reason });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the Authorization header of an activity. Refusals are verdicts (401); an unreachable
 * key endpoint throws KeysUnavailableError (503).
 */
export async function checkToken(authorization: string | undefined, activity: { channelId: string; serviceUrl?: string }, policy: TokenPolicy): Promise<TokenVerdict> {
  if (!authorization) return refuse('no Authorization header');
  if (authorization.length > MAX_TOKEN_CHARS + 7) return refuse('the token is too long');
  const token = BEARER.exec(authorization)?.[1];
  if (!token) return refuse('the Authorization header is not "Bearer <JWT>"');
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || !isObject(decoded.payload) || decoded.header.alg !== 'RS256' || typeof decoded.header.kid !== 'string') {
    return refuse('not an RS256 JWT with a key id');
  }
  const claims = decoded.payload;
  const issuer = claims.iss;
  let kind: 'channel' | 'emulator';
  if (issuer === policy.channel.issuer) kind = 'channel';
  else if (typeof issuer === 'string' && policy.emulator?.issuers.has(issuer)) kind = 'emulator';
  else return refuse('the token was not issued by the Bot Framework channel');
  if (typeof claims.exp !== 'number') return refuse('the token has no expiry');
  if (SkillValidation.isSkillClaim(Object.entries(claims).map(([type, value]) => ({ type, value })))) return refuse('skill tokens are not accepted');

  const keys = kind === 'channel' ? policy.channel.keys : policy.emulator!.keys;
  const key = await keys.getKey(decoded.header.kid);
  if (!key) return refuse('the token is signed by an unknown key');
  try {
    jwt.verify(token, key.key, {
      algorithms: ['RS256'],
      issuer,
      audience: kind === 'channel' ? policy.appId : undefined,
      clockTolerance: CLOCK_TOLERANCE_S,
    });
  } catch (err) {
    return refuse((err as Error).message);
  }
  if (key.endorsements?.length && !key.endorsements.includes(activity.channelId)) return refuse(`the signing key is not endorsed for channel "${activity.channelId}"`);

  if (kind === 'channel') {
    if (claims.serviceurl !== activity.serviceUrl) return refuse('the serviceurl claim does not match the activity');
    return { ok: true };
  }
  // An Emulator token names no serviceUrl: it may only be answered on this machine.
  const appIdClaim = claims.ver === '2.0' ? claims.azp : claims.appid;
  if (appIdClaim !== policy.appId) return refuse('the Emulator token is for another app id');
  if (!activity.serviceUrl || !isLoopbackUrl(activity.serviceUrl)) return refuse('an Emulator token is accepted only with a loopback serviceUrl');
  return { ok: true };
}
