// The HTTP server: restify + the Bot Framework CloudAdapter (TeamsAdapter).
//   POST /api/messages  Bot Framework activities (authenticated whenever MicrosoftAppId is set)
//   GET  /healthz       liveness
//   GET  /readyz        readiness: the knowledge base is loaded and the server is not draining
import * as restify from 'restify';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import { activityProblem, normalizeActivity } from './activity';
import { ConfigError, readConfig, type ServerConfig } from './config';
import { defaultKb, type Kb } from './kb/load';
import { createLogger, type Logger } from './log';
import { GraphConfigError } from './graph/config';
import { createApp } from './teams/app';
import { graphAnswersFromEnv, type GraphAnswers } from './teams/graph-answers';
import { startAppInsights } from './telemetry';

/** Clients kept per app, service URL and audience; a bound keeps a flood of odd URLs harmless. */
const MAX_CACHED_CLIENTS = 256;

function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    if (cache.size >= MAX_CACHED_CLIENTS) cache.delete(cache.keys().next().value!);
    p = make();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

const appIdOf = (identity: ClaimsIdentity) => identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';

/**
 * The Teams adapter with its turn entry point made callable, so that the HTTP layer (not the
 * adapter) decides the status codes: 400 for a malformed activity, 401 for any token problem.
 *
 * It also reuses the connector and user-token clients between turns. The Bot Framework SDK builds
 * both anew for every incoming activity, an HTTP pipeline each, which was the largest single cost
 * of a turn after writing the response (CPU profile under load). They hold no per-turn state.
 */
export class SipDocAdapter extends TeamsAdapter {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    const auth = this.botFrameworkAuthentication;
    const createUserTokenClient = auth.createUserTokenClient.bind(auth);
    auth.createUserTokenClient = (identity) => memo(this.tokenClients, appIdOf(identity), () => createUserTokenClient(identity));
  }

  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const result = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory;
    if (factory) {
      const appId = appIdOf(result.claimsIdentity);
      const cached: ConnectorFactory = {
        create: (serviceUrl: string, audience?: string) => memo(this.connectors, `${appId}|${serviceUrl}|${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
      };
      result.connectorFactory = cached;
    }
    return this.processActivity(result, activity, logic);
  }
}

/** A rejected token: the connector's AuthenticationError, or jsonwebtoken's errors it lets through. */
function isAuthFailure(err: unknown): boolean {
  if (err instanceof AuthenticationError) return true;
  const name = (err as { name?: unknown })?.name;
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}

export interface BotServer {
  server: restify.Server;
  adapter: SipDocAdapter;
  app: ReturnType<typeof createApp>;
  /** Starts listening; resolves with the port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Stops accepting requests and waits for the ones in flight. */
  close(): Promise<void>;
}

export interface ServerOptions {
  config: ServerConfig;
  log?: Logger;
  kb?: Kb;
  graph?: GraphAnswers;
}

export function createServer({ config, log = createLogger(config.logLevel), kb = defaultKb(), graph }: ServerOptions): BotServer {
  const adapter = new SipDocAdapter({
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
    if (context.activity?.type === ActivityTypes.Message) {
      await context.sendActivity('Sorry, SIP Doc could not answer this message. The error was logged.').catch(() => undefined);
    } else if (context.activity?.type === ActivityTypes.Invoke) {
      await context
        .sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 500, body: { error: 'SIP Doc could not answer this request. The error was logged.' } } })
        .catch(() => undefined);
    }
  };
  const app = createApp(adapter, { kb, log, files: config.files, ...(graph ? { graph } : {}) });

  const server = restify.createServer({ name: 'sipdoc', handleUncaughtExceptions: false });
  let draining = false;
  // Before the body is read: the Bot Framework sends plain JSON. A compressed body could inflate
  // past the size limit, which only counts the bytes on the wire.
  server.pre((req, res, next) => {
    if (req.method !== 'POST') return next();
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (encoding !== 'identity') {
      res.send(415, { error: 'Compressed request bodies are not accepted.' });
      return next(false);
    }
    if (!type.startsWith('application/json')) {
      res.send(415, { error: 'Expected Content-Type: application/json.' });
      return next(false);
    }
    return next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, mapFiles: false }));
  // While draining, every answer closes its connection so that keep-alive clients move on.
  server.use(async (_req, res) => {
    if (draining) res.setHeader('connection', 'close');
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    const ready = !draining && kb.entries.length > 0;
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', entries: kb.entries.length, draining });
  });

  server.post('/api/messages', async (req, res) => {
    const body: unknown = req.body;
    const problem = activityProblem(body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    const activity = normalizeActivity(body as Record<string, unknown>) as unknown as Activity;
    const started = process.hrtime.bigint();
    const ids = { activityId: activity.id, conversationId: activity.conversation?.id, type: activity.type };
    try {
      const invokeResponse = await adapter.handle(req.headers.authorization ?? '', activity, (context) => app.run(context).then(() => undefined));
      res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (err) {
      if (isAuthFailure(err)) {
        log.warn({ ...ids, reason: (err as Error).message }, 'request refused: authentication failed');
        res.send(401, { error: 'Unauthorized' });
      } else {
        log.error({ ...ids, err }, 'request failed');
        res.send(500, { error: 'SIP Doc failed to process the activity.' });
      }
    } finally {
      log.info({ ...ids, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'activity');
    }
  });

  return {
    server,
    adapter,
    app,
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
      return new Promise((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open until they time out.
        server.server.closeIdleConnections();
      });
    },
  };
}

async function main() {
  let config: ServerConfig;
  let graph: GraphAnswers;
  try {
    config = readConfig();
    graph = graphAnswersFromEnv();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof GraphConfigError) {
      console.error(`SIP Doc cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  startAppInsights(config.appInsightsConnectionString, log);
  const kb = defaultKb();
  // Build the word-search index now (~0.1 s) rather than on the first question in words.
  kb.search('warm up');
  if (!config.appId) {
    log.warn('MicrosoftAppId is empty: Bot Framework authentication is OFF. Fine for the Agents Playground and local tests; never expose this server.');
  }
  const bot = createServer({ config, log, kb, graph });
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
