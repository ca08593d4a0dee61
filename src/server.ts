// The HTTP server: restify + the Bot Framework CloudAdapter (TeamsAdapter).
//   POST /api/messages  Bot Framework activities (authenticated whenever MicrosoftAppId is set)
//   GET  /healthz       liveness
//   GET  /readyz        readiness: the knowledge base is loaded and the server is not draining
// The limits around it live in src/http/: the token check before the SDK (auth-guard, with the
// signing keys in openid-keys), where replies may go (service-url), the bot's own outgoing calls
// (outgoing), connections and admission (limits).
import './warnings'; // first: silences restify's DEP0111 before restify loads
import * as restify from 'restify';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import { activityProblem, normalizeActivity } from './activity';
import { ConfigError, readConfig, type ServerConfig } from './config';
import { checkToken, tokenPolicy } from './http/auth-guard';
import { applyConnectionLimits, BodyBudget } from './http/limits';
import { KeysUnavailableError } from './http/openid-keys';
import { limitOutgoingCalls, OUTGOING_DEFAULTS, OutgoingCallError, type OutgoingLimits } from './http/outgoing';
import { isLoopbackHost, isLoopbackUrl, serviceUrlProblem } from './http/service-url';
import { defaultKb, type Kb } from './kb/load';
import { createLogger, logField, type Logger } from './log';
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
 * Every connector client it hands out has the outgoing limits of src/http/outgoing.ts.
 */
export class SipDocAdapter extends TeamsAdapter {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(
    settings: ConstructorParameters<typeof TeamsAdapter>[0],
    readonly outgoing: OutgoingLimits = { ...OUTGOING_DEFAULTS, loopbackOnly: false },
  ) {
    super(settings);
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
        create: (serviceUrl: string, audience?: string) =>
          memo(this.connectors, `${appId}|${serviceUrl}|${audience ?? ''}`, () =>
            factory.create(serviceUrl, audience).then((client) => limitOutgoingCalls(client, this.outgoing, isLoopbackUrl)),
          ),
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

/** The reply itself could not be sent: an apology would go the same way. */
const isConnectorFailure = (err: unknown) => err instanceof OutgoingCallError || (err as { name?: unknown })?.name === 'RestError';

/** Admitted at once: the bodies of this many full-size requests (see src/http/limits.ts). */
const FULL_SIZE_REQUESTS_IN_FLIGHT = 2;

export function createServer({ config, log = createLogger(config.logLevel), kb = defaultKb(), graph }: ServerOptions): BotServer {
  const authOn = Boolean(config.appId);
  const adapter = new SipDocAdapter(
    {
      ...config.authSettings,
      MicrosoftAppId: config.appId,
      MicrosoftAppPassword: config.appPassword,
      MicrosoftAppType: config.appType,
      MicrosoftAppTenantId: config.tenantId,
    },
    { ...OUTGOING_DEFAULTS, loopbackOnly: !authOn },
  );
  const policy = authOn ? tokenPolicy(config) : undefined;
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const ids = { activityId: logField(context.activity?.id), conversationId: logField(context.activity?.conversation?.id), type: logField(context.activity?.type) };
    log.error({ err: error, ...ids }, 'turn failed');
    if (isConnectorFailure(error)) return;
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
  applyConnectionLimits(server.server);
  const budget = new BodyBudget(FULL_SIZE_REQUESTS_IN_FLIGHT * config.maxBodyBytes, config.maxBodyBytes);
  let draining = false;
  // Before the body is read: the Bot Framework sends plain JSON. A compressed body could inflate
  // past the size limit, which only counts the bytes on the wire.
  server.pre((req, res, next) => {
    if (req.method !== 'POST') return next();
    if (!budget.admit(req, res)) {
      res.setHeader('retry-after', '1');
      res.setHeader('connection', 'close');
      res.send(503, { error: 'SIP Doc is busy; try again in a second.' });
      return next(false);
    }
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
    const problem = activityProblem(body) ?? serviceUrlProblem(body as Record<string, unknown>, authOn);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    const activity = normalizeActivity(body as Record<string, unknown>) as unknown as Activity;
    const started = process.hrtime.bigint();
    const ids = { activityId: logField(activity.id), conversationId: logField(activity.conversation?.id), type: logField(activity.type) };
    const refuse = (reason: string) => {
      log.warn({ ...ids, reason: logField(reason) }, 'request refused: authentication failed');
      res.send(401, { error: 'Unauthorized' });
    };
    try {
      if (policy) {
        const verdict = await checkToken(req.headers.authorization, activity, policy);
        if (!verdict.ok) return refuse(verdict.reason);
      }
      const invokeResponse = await adapter.handle(req.headers.authorization ?? '', activity, (context) => app.run(context).then(() => undefined));
      res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (err) {
      if (err instanceof KeysUnavailableError) {
        log.warn({ ...ids, reason: logField(err.message) }, 'request refused: the Bot Framework signing keys are unavailable');
        res.setHeader('retry-after', String(err.retryAfterSeconds));
        res.send(503, { error: 'SIP Doc cannot check the request\'s token right now; try again later.' });
      } else if (isAuthFailure(err)) {
        refuse((err as Error).message);
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
    const exposed = !isLoopbackHost(config.host.includes(':') ? `[${config.host}]` : config.host);
    log.warn(
      { host: config.host },
      exposed
        ? `MicrosoftAppId is empty: Bot Framework authentication is OFF, and HOST=${config.host} lets other machines reach this server. Replies go only to loopback service URLs.`
        : 'MicrosoftAppId is empty: Bot Framework authentication is OFF. Listening on this machine only, for the Agents Playground and local tests.',
    );
  }
  const bot = createServer({ config, log, kb, graph });
  const port = await bot.listen();
  log.info({ port, host: config.host, entries: kb.entries.length, auth: Boolean(config.appId) }, `SIP Doc listening on http://localhost:${port}/api/messages`);
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
