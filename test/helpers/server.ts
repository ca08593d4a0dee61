// Starts the real restify + CloudAdapter server on a free port for a test, and posts activities
// to it over HTTP. Messages ask for `deliveryMode: expectReplies`, so the bot's replies come back
// in the HTTP response instead of going to a Bot Framework connector.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { createServer, type BotServer } from '../../src/server';

export interface TestServer {
  url: string;
  bot: BotServer;
  post(activity: unknown, init?: { headers?: Record<string, string>; raw?: string }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const bot = createServer({ config: readConfig({ PORT: '0', ...env }), log: silentLogger });
  const port = await bot.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    bot,
    async post(activity, init = {}) {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: init.raw ?? JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body };
    },
    close: () => bot.close(),
  };
}

export function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'activities', `${name}.json`), 'utf8'));
}

/** A recorded activity, asking for its replies in the HTTP response. */
export function expectingReplies(activity: any): any {
  return { ...activity, deliveryMode: 'expectReplies' };
}

/** Every string a card shows: TextBlock and TextRun texts, fact titles and values, action titles. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value']) if (typeof n[key] === 'string') out.push(n[key] as string);
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n');
}

/** All Adaptive Cards in the replies. */
export function repliedCards(body: any): any[] {
  return (body?.activities ?? []).flatMap((a: any) => (a.attachments ?? []).filter((x: any) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x: any) => x.content));
}

/** Every action of a card, nested ones (selectAction) included. */
export function cardActions(card: unknown): any[] {
  const out: any[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n);
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}
