// The servers `npm run loadtest` drives, each in its own process:
//   bare      a restify route returning JSON: the HTTP floor
//   adapter   restify + botbuilder's stock CloudAdapter answering every message with one plain text
//             reply: the Bot Framework floor (what any bot pays per message before doing anything)
//   sipdoc    the real SIP Doc server
// Usage: node dist/scripts/loadtest-servers.js <kind> <port>
import * as restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { readConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { createServer } from '../src/server';

const [kind = 'sipdoc', portText = '0'] = process.argv.slice(2);
const port = Number(portText);

function floorServer(withAdapter: boolean): restify.Server {
  const server = restify.createServer({ name: `floor-${kind}`, handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 4 * 1024 * 1024, mapParams: false }));
  if (!withAdapter) {
    server.post('/api/messages', async (_req, res) => {
      res.send(200, { activities: [{ type: 'message', text: 'ok' }] });
    });
    return server;
  }
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      if (context.activity.type === 'message') await context.sendActivity('ok');
    });
  });
  return server;
}

async function main() {
  if (kind === 'sipdoc') {
    const bot = createServer({ config: readConfig({ PORT: String(port) }), log: silentLogger });
    const p = await bot.listen(port, '127.0.0.1');
    process.send?.({ port: p });
    return;
  }
  const server = floorServer(kind === 'adapter');
  server.listen(port, '127.0.0.1', () => {
    const a = server.address();
    process.send?.({ port: typeof a === 'object' && a ? a.port : port });
  });
}

// Exit cleanly on SIGTERM so that `node --cpu-prof` writes its profile.
process.on('SIGTERM', () => process.exit(0));
void main();
