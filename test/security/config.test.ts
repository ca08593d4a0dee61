// readConfig(env): a setting that cannot work fails at start with a clear ConfigError, and the
// real process exits with code 1 and "SIP Doc cannot start:" before it listens.
import { describe, expect, it } from 'vitest';
import { AUTH_SETTING_KEYS, ConfigError, DEFAULT_MAX_BODY_BYTES, readConfig } from '../../src/config';
import { freePort, spawnServer } from './support';

const APP_ID = '0b8a3c6e-2f4d-4e1a-9c7b-5d6e7f8a9b0c';
const TENANT = '4a7c2f1e-5b3d-4e6f-8a9b-0c1d2e3f4a5b';

// Started at import: the process needs a few seconds to load its modules before main() runs.
const singleTenantNoTenant = freePort().then((port) =>
  Object.assign(spawnServer({ PORT: String(port), MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }), { port }),
);

const configError = (env: Record<string, string>): ConfigError => {
  try {
    readConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(env)}`);
};

describe('readConfig rejects settings that cannot work', () => {
  it('SingleTenant without MicrosoftAppTenantId: names the missing setting', () => {
    const err = configError({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' });
    expect(err.message).toContain('MicrosoftAppTenantId');
    expect(err.message).toContain('SingleTenant');
  });

  it('UserAssignedMSI without MicrosoftAppTenantId', () => {
    const err = configError({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI' });
    expect(err.message).toContain('MicrosoftAppTenantId');
    expect(err.message).toContain('UserAssignedMSI');
  });

  it('a whitespace-only tenant id counts as missing', () => {
    configError({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '   ' });
  });

  it('MultiTenant app id without a password', () => {
    const err = configError({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'MultiTenant' });
    expect(err.message).toContain('MicrosoftAppPassword');
  });

  it('app id without a password and no app type (MultiTenant is the default)', () => {
    expect(configError({ MicrosoftAppId: APP_ID }).message).toContain('MicrosoftAppPassword');
  });

  it('SingleTenant with a tenant but no password', () => {
    expect(configError({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT }).message).toContain('MicrosoftAppPassword');
  });

  it.each(['Multitenant', 'multitenant', 'Single', 'MSI', 'foo'])('a bad MicrosoftAppType (%s) lists the valid ones', (type) => {
    const err = configError({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: type });
    expect(err.message).toContain(type);
    expect(err.message).toContain('MultiTenant, SingleTenant, UserAssignedMSI');
  });

  it('a password or tenant without an app id (auth would silently be off)', () => {
    configError({ MicrosoftAppPassword: 'x' });
    configError({ MicrosoftAppTenantId: TENANT });
  });

  it.each(['abc', '-1', '65536', '3978.5', '1e9', '0x'])('a bad PORT (%s)', (port) => {
    const err = configError({ PORT: port });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain(port);
  });

  it.each(['abc', '100', '1023', '-5', '4.5'])('a bad MAX_BODY_BYTES (%s)', (max) => {
    expect(configError({ MAX_BODY_BYTES: max }).message).toContain('MAX_BODY_BYTES');
  });
});

describe('readConfig accepts valid settings', () => {
  it('an empty environment: auth off, port 3978, 4 MB body limit', () => {
    expect(readConfig({})).toEqual({
      port: 3978,
      host: '0.0.0.0',
      appId: '',
      appPassword: '',
      appType: 'MultiTenant',
      tenantId: '',
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      logLevel: 'info',
      appInsightsConnectionString: '',
      authSettings: {},
      files: { hosts: [{ host: 'sharepoint.com', wildcard: true }], maxBytes: 50 * 1024 * 1024, timeoutMs: 10_000 },
    });
  });

  it('MultiTenant with app id and password (values trimmed)', () => {
    const c = readConfig({ MicrosoftAppId: ` ${APP_ID} `, MicrosoftAppPassword: 'secret\n', PORT: '8080', HOST: '127.0.0.1' });
    expect(c).toMatchObject({ appId: APP_ID, appPassword: 'secret', appType: 'MultiTenant', port: 8080, host: '127.0.0.1' });
  });

  it('SingleTenant with a tenant and UserAssignedMSI with a tenant and no password', () => {
    expect(readConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT })).toMatchObject({
      appType: 'SingleTenant',
      tenantId: TENANT,
    });
    expect(readConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT })).toMatchObject({
      appType: 'UserAssignedMSI',
      appPassword: '',
    });
  });

  it('PORT 0 (any free port) and MAX_BODY_BYTES at its minimum', () => {
    expect(readConfig({ PORT: '0', MAX_BODY_BYTES: '1024' })).toMatchObject({ port: 0, maxBodyBytes: 1024 });
  });

  it('passes the adapter auth settings through as they are, and only the known ones', () => {
    const env: Record<string, string> = { ChannelService: 'https://botframework.azure.us', SomethingElse: 'x', ValidateAuthority: 'false' };
    const c = readConfig(env);
    expect(c.authSettings).toEqual({ ChannelService: 'https://botframework.azure.us', ValidateAuthority: 'false' });
    const all = Object.fromEntries(AUTH_SETTING_KEYS.map((k) => [k, `value-of-${k}`]));
    expect(readConfig(all).authSettings).toEqual(all);
  });
});

describe('the real process', () => {
  it('SingleTenant with no tenant: exits with code 1 and "SIP Doc cannot start:" at start, never listening', async () => {
    const proc = await singleTenantNoTenant;
    try {
      const exit = await Promise.race([proc.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running\n${proc.stdout()}\n${proc.stderr()}`)), 40_000))]);
      expect(exit.code).toBe(1);
      const firstLine = proc.stderr().split('\n').find((l) => !/DeprecationWarning|trace-deprecation/.test(l) && l.trim());
      expect(firstLine).toMatch(/^SIP Doc cannot start: .*MicrosoftAppTenantId/);
      expect(proc.stdout()).not.toContain('listening');
      // Nothing ever listened on the port.
      await expect(fetch(`http://127.0.0.1:${proc.port}/healthz`)).rejects.toThrow();
    } finally {
      proc.kill();
    }
  }, 60_000);
});
