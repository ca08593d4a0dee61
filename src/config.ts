// Server configuration from the environment, checked at start: a setting that cannot work fails
// here with a clear message, not at the first message.
import { FileConfigError, readFileConfig, type FileConfig } from './files/config';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface ServerConfig {
  port: number;
  host: string;
  /** Empty: Bot Framework authentication is off (local Playground, tests). */
  appId: string;
  appPassword: string;
  appType: AppType;
  tenantId: string;
  /** Request bodies larger than this get 413. */
  maxBodyBytes: number;
  logLevel: string;
  appInsightsConnectionString: string;
  /**
   * Bot Framework authentication settings for other clouds, passed to the adapter as they are
   * (ChannelService for US Government; the parameterized endpoints for a custom cloud).
   */
  authSettings: Record<string, string>;
  /** Downloading files sent in a 1:1 chat (FILE_* settings, src/files/config.ts). */
  files: FileConfig;
}

/** The adapter's own setting names, read from the environment when set. */
export const AUTH_SETTING_KEYS = [
  'ChannelService',
  'ValidateAuthority',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
] as const;

export class ConfigError extends Error {}

const APP_TYPES: readonly AppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

/** Teams never sends more than a few hundred KB; a 1 MB paste plus its HTML copy fits in 4 MB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const get = (k: string) => (env[k] ?? '').trim();
  const appId = get('MicrosoftAppId');
  const rawType = get('MicrosoftAppType');
  const appType = (rawType || 'MultiTenant') as AppType;
  if (!APP_TYPES.includes(appType)) {
    throw new ConfigError(`MicrosoftAppType must be one of ${APP_TYPES.join(', ')} (got "${rawType}").`);
  }
  const tenantId = get('MicrosoftAppTenantId');
  const appPassword = get('MicrosoftAppPassword');
  if (appId) {
    if ((appType === 'SingleTenant' || appType === 'UserAssignedMSI') && !tenantId) {
      throw new ConfigError(`MicrosoftAppType=${appType} needs MicrosoftAppTenantId (the Entra tenant of the bot's app registration).`);
    }
    if (appType !== 'UserAssignedMSI' && !appPassword) {
      throw new ConfigError(`MicrosoftAppId is set but MicrosoftAppPassword is empty: a ${appType} bot needs its client secret.`);
    }
  } else if (appPassword || tenantId) {
    throw new ConfigError('MicrosoftAppPassword or MicrosoftAppTenantId is set without MicrosoftAppId.');
  }
  const portText = get('PORT') || '3978';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number (got "${portText}").`);
  const maxText = get('MAX_BODY_BYTES');
  const maxBodyBytes = maxText ? Number(maxText) : DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) throw new ConfigError(`MAX_BODY_BYTES must be a whole number of bytes >= 1024 (got "${maxText}").`);
  return {
    port,
    host: get('HOST') || '0.0.0.0',
    appId,
    appPassword,
    appType,
    tenantId,
    maxBodyBytes,
    logLevel: get('LOG_LEVEL') || 'info',
    appInsightsConnectionString: get('APPLICATIONINSIGHTS_CONNECTION_STRING'),
    authSettings: Object.fromEntries(AUTH_SETTING_KEYS.filter((k) => get(k)).map((k) => [k, get(k)])),
    files: fileConfig(env),
  };
}

function fileConfig(env: NodeJS.ProcessEnv): FileConfig {
  try {
    return readFileConfig(env);
  } catch (err) {
    if (err instanceof FileConfigError) throw new ConfigError(err.message);
    throw err;
  }
}
