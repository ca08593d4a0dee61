// Server configuration from the environment, checked at start: a setting that cannot work fails
// here with a clear message, not at the first message.
import { FileConfigError, readFileConfig, type FileConfig } from './files/config';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface ServerConfig {
  port: number;
  /** With no app id 127.0.0.1 unless HOST says otherwise: an open bot must not face the network. */
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
   * Accept Bot Framework Emulator tokens (issued by Entra ID to the bot's own app id) next to the
   * channel's. Off unless ALLOW_EMULATOR_TOKENS=true: Teams sends only channel tokens.
   */
  allowEmulatorTokens: boolean;
  /**
   * Bot Framework authentication settings for other clouds, passed to the adapter as they are
   * (ChannelService for US Government; the parameterized endpoints for a custom cloud).
   */
  authSettings: Record<string, string>;
  /** Downloading files sent in a 1:1 chat (FILE_* settings, src/files/config.ts). */
  files: FileConfig;
}

/** Any of these set: the adapter takes every endpoint from the settings, none from its defaults. */
export const PARAMETERIZED_AUTH_KEYS = [
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
] as const;

/** The adapter's own setting names, read from the environment when set. */
export const AUTH_SETTING_KEYS = ['ChannelService', 'ValidateAuthority', ...PARAMETERIZED_AUTH_KEYS] as const;

/** The ChannelService value of the US Government cloud (the adapter knows no other). */
export const US_GOV_CHANNEL_SERVICE = 'https://botframework.azure.us';

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
  const authSettings: Record<string, string> = Object.fromEntries(AUTH_SETTING_KEYS.filter((k) => get(k)).map((k) => [k, get(k)]));
  const emulatorText = get('ALLOW_EMULATOR_TOKENS').toLowerCase();
  if (!['', 'true', 'false'].includes(emulatorText)) throw new ConfigError(`ALLOW_EMULATOR_TOKENS must be true or false (got "${get('ALLOW_EMULATOR_TOKENS')}").`);
  const allowEmulatorTokens = emulatorText === 'true';
  if (appId) checkCloudSettings(authSettings, allowEmulatorTokens);
  const maxText = get('MAX_BODY_BYTES');
  const maxBodyBytes = maxText ? Number(maxText) : DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) throw new ConfigError(`MAX_BODY_BYTES must be a whole number of bytes >= 1024 (got "${maxText}").`);
  return {
    port,
    host: get('HOST') || (appId ? '0.0.0.0' : '127.0.0.1'),
    appId,
    appPassword,
    appType,
    tenantId,
    maxBodyBytes,
    logLevel: get('LOG_LEVEL') || 'info',
    appInsightsConnectionString: get('APPLICATIONINSIGHTS_CONNECTION_STRING'),
    allowEmulatorTokens,
    authSettings,
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

/**
 * The token checks need to know the cloud's issuer and key endpoint, as the adapter does: from the
 * parameterized settings when any is set (then the two below must be), else public or US Gov.
 */
function checkCloudSettings(settings: Record<string, string>, allowEmulatorTokens: boolean): void {
  if (PARAMETERIZED_AUTH_KEYS.some((k) => settings[k])) {
    const needed = ['ToBotFromChannelTokenIssuer', 'ToBotFromChannelOpenIdMetadataUrl', ...(allowEmulatorTokens ? ['ToBotFromEmulatorOpenIdMetadataUrl'] : [])];
    const missing = needed.filter((k) => !settings[k]);
    if (missing.length) throw new ConfigError(`${missing.join(' and ')} must be set when the other Bot Framework endpoint settings are.`);
  } else if (settings.ChannelService && settings.ChannelService !== US_GOV_CHANNEL_SERVICE) {
    throw new ConfigError(`ChannelService must be empty (public cloud) or ${US_GOV_CHANNEL_SERVICE} (US Government), or set the Bot Framework endpoint settings (got "${settings.ChannelService}").`);
  }
}
