// Proactive posts as the bot, outside any turn: the real CloudAdapter.continueConversationAsync
// with a stored conversation reference, through the Bot Framework connector at the reference's
// service URL. The bot's own token comes from @azure/identity (its client secret, or its managed
// identity), from the same sign-in endpoint the adapter would use (ToChannelFromBotLoginUrl).
import type { TokenCredential } from '@azure/identity';
import type { Activity, ConversationReference } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { ServerConfig } from '../config';
import type { StoredReference } from '../store/types';

const BOT_SCOPE = 'https://api.botframework.com';
const PUBLIC_LOGIN = 'https://login.microsoftonline.com';
const KNOWN_HOSTS = new Set([PUBLIC_LOGIN, 'https://login.microsoftonline.us']);

type WebResourceLike = { headers: { set(name: string, value: string): void } };

/** Signs every connector request with a token for the connector's audience. */
function identityCredentialsFactory(appId: string, credential: TokenCredential, defaultScope: string): ServiceClientCredentialsFactory {
  return {
    isValidAppId: async (id: string) => id === appId,
    isAuthenticationDisabled: async () => false,
    createCredentials: async (_appId: string, audience: string | undefined) => {
      const scope = `${(audience || defaultScope).replace(/\/+$/, '')}/.default`;
      return {
        signRequest: async <T extends WebResourceLike>(request: T): Promise<T> => {
          const token = await credential.getToken(scope);
          if (!token?.token) throw new Error('No Bot Framework token.');
          request.headers.set('authorization', `Bearer ${token.token}`);
          return request;
        },
      } as never;
    },
  };
}

export interface ProactiveSender {
  /** Posts one activity to a stored conversation; resolves with the connector's activity id. */
  post(reference: StoredReference, activity: Partial<Activity>): Promise<string | undefined>;
}

/** The bot's credential, from the server's own settings (MicrosoftAppId, MicrosoftAppPassword ...). */
export function botCredential(config: ServerConfig, authorityCa?: string): { credential: TokenCredential; scope: string } {
  const { ClientSecretCredential, ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
  const scope = config.authSettings.ToChannelFromBotOAuthScope || BOT_SCOPE;
  if (config.appType === 'UserAssignedMSI') return { credential: new ManagedIdentityCredential({ clientId: config.appId }), scope };
  const tenant = config.appType === 'SingleTenant' ? config.tenantId : 'botframework.com';
  const login = new URL(config.authSettings.ToChannelFromBotLoginUrl || `${PUBLIC_LOGIN}/${tenant}`);
  const authorityHost = login.origin;
  const loginTenant = login.pathname.split('/').filter(Boolean)[0] || tenant;
  return {
    credential: new ClientSecretCredential(loginTenant, config.appId, config.appPassword, {
      authorityHost,
      disableInstanceDiscovery: !KNOWN_HOSTS.has(authorityHost),
      ...(authorityCa ? { tlsOptions: { ca: authorityCa } } : {}),
    }),
    scope,
  };
}

export function createProactiveSender(config: ServerConfig, authorityCa?: string): ProactiveSender {
  if (!config.appId) throw new Error('The digest posts as the bot: set MicrosoftAppId and MicrosoftAppPassword (or MicrosoftAppType=UserAssignedMSI) as for the server.');
  const { credential, scope } = botCredential(config, authorityCa);
  // Loaded here, not at start-up: only the digest job posts outside a turn.
  const { CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder') as typeof import('botbuilder');
  const auth = new ConfigurationBotFrameworkAuthentication(
    { ...config.authSettings, MicrosoftAppId: config.appId, MicrosoftAppType: config.appType, MicrosoftAppTenantId: config.tenantId },
    identityCredentialsFactory(config.appId, credential, scope),
  );
  const adapter = new CloudAdapter(auth);
  return {
    async post(reference, activity) {
      let id: string | undefined;
      const ref: Partial<ConversationReference> = {
        serviceUrl: reference.serviceUrl,
        channelId: reference.channelId,
        conversation: { isGroup: true, ...reference.conversation } as ConversationReference['conversation'],
        bot: { id: reference.bot.id, name: reference.bot.name ?? '' },
      };
      await adapter.continueConversationAsync(config.appId, ref, async (context) => {
        id = (await context.sendActivity(activity))?.id;
      });
      return id;
    },
  };
}

/**
 * Teams' answer when the app was removed from the team or the bot was blocked: 403 with subCode
 * MessageWritesBlocked (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/
 * send-proactive-messages). The body is `{"errorCode":209,"message":"{\"subCode\": \"MessageWritesBlocked\", ...}"}`,
 * JSON inside a string, so the text is searched rather than parsed.
 */
export function isWritesBlocked(err: unknown): boolean {
  const e = err as { statusCode?: unknown; response?: { status?: unknown; bodyAsText?: unknown }; message?: unknown; body?: unknown };
  const status = e?.statusCode ?? e?.response?.status;
  if (status !== 403) return false;
  const text = [e.response?.bodyAsText, e.message, typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '')].filter((t) => typeof t === 'string').join(' ');
  return /MessageWritesBlocked|\\?"errorCode\\?"\s*:\s*209\b/.test(text.slice(0, 20_000));
}
