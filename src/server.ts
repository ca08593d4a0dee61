// The HTTP server: restify + the Bot Framework CloudAdapter (TeamsAdapter).
//   POST /api/messages  Bot Framework activities (authenticated whenever MicrosoftAppId is set)
//   GET  /healthz       liveness
//   GET  /readyz        readiness: the knowledge base is loaded and the server is not draining
import * as restify from 'restify';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { ConfigError, readConfig, type ServerConfig } from './config';
import { defaultKb, type Kb } from './kb/load';
import { createLogger, type Logger } from './log';
import { createApp } from './teams/app';
import { startAppInsights } from './telemetry';

export interface BotServer {
  server: restify.Server;
  adapter: TeamsAdapter;
  /** Starts listening; resolves with the port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops accepting requests and waits for the ones in flight. */
  close(): Promise<void>;
}

export interface ServerOptions {
  config: ServerConfig;
  log?: Logger;
  kb?: Kb;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function createServer({ config, log = createLogger(config.logLevel), kb = defaultKb() }: ServerOptions): BotServer {
  const adapter = new TeamsAdapter({
    ...config.authSettings,
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.tenantId,
  });
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    log.error(
      { err: error, activityId: context.activity?.id, conversationId: context.activity?.conversation?.id, type: context.activity?.type },
      'turn failed',
    );
    if (context.activity?.type === 'message') {
      await context.sendActivity('Sorry, SIP Doc could not answer this message. The error was logged.').catch(() => undefined);
    }
  };
  const app = createApp(adapter, { kb, log });

  const server = restify.createServer({ name: 'sipdoc', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, mapFiles: false }));
  let draining = false;

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    const ready = !draining && kb.entries.length > 0;
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', entries: kb.entries.length, draining });
  });

  server.post('/api/messages', async (req, res) => {
    const body: unknown = req.body;
    if (!isObject(body) || typeof body.type !== 'string' || body.type === '') {
      res.send(400, { error: 'Expected a Bot Framework activity: a JSON object with a "type".' });
      return;
    }
    // Card submits with a null value trip a type check in the router; null means "no value".
    if (body.value === null) delete body.value;
    const started = process.hrtime.bigint();
    try {
      await adapter.process(req, res, async (context) => {
        await app.run(context);
      });
    } catch (err) {
      log.error({ err, activityId: body.id }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'SIP Doc failed to process the activity.' });
    } finally {
      log.info(
        { activityId: body.id, conversationId: isObject(body.conversation) ? body.conversation.id : undefined, type: body.type, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'activity',
      );
    }
  });

  return {
    server,
    adapter,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    close() {
      draining = true;
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function main() {
  let config: ServerConfig;
  try {
    config = readConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`SIP Doc cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  startAppInsights(config.appInsightsConnectionString, log);
  const kb = defaultKb();
  if (!config.appId) {
    log.warn('MicrosoftAppId is empty: Bot Framework authentication is OFF. Fine for the Agents Playground and local tests; never expose this server.');
  }
  const bot = createServer({ config, log, kb });
  const port = await bot.listen();
  log.info({ port, entries: kb.entries.length, auth: Boolean(config.appId) }, `SIP Doc listening on http://localhost:${port}/api/messages`);
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void bot.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
