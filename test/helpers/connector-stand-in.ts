// A local Bot Framework connector (the service a bot posts to at its conversation reference's
// serviceUrl): records POST /v3/conversations/:id/activities[/:replyToId] with their bearer token, answers
// {"id": ...} as the connector does, and answers 403 for conversations where the app was removed,
// with the body Teams documents for it (learn.microsoft.com/microsoftteams/platform/bots/how-to/
// conversations/send-proactive-messages, "Understand who blocked, muted, or uninstalled a bot"):
//   {"errorCode":209,"message":"{\r\n  \"subCode\": \"MessageWritesBlocked\", ...}"}
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedActivity {
  conversationId: string;
  authorization?: string;
  activity: any;
  at: number;
}

export interface ConnectorStandIn {
  /** The serviceUrl to store in conversation references (with its trailing slash, as Teams sends it). */
  serviceUrl: string;
  posted: PostedActivity[];
  /** Conversations whose app was removed: they answer 403 MessageWritesBlocked. */
  blocked: Set<string>;
  refused: PostedActivity[];
  /** Teams (thread id -> Entra group id) that GET /v3/teams/:id knows. */
  teams: Map<string, string>;
  close(): Promise<void>;
}

export const WRITES_BLOCKED_BODY =
  '{"errorCode":209,"message":"{\\r\\n  \\"subCode\\": \\"MessageWritesBlocked\\",\\r\\n  \\"details\\": \\"Thread is blocked from message writes.\\",\\r\\n  \\"errorCode\\": null,\\r\\n  \\"errorSubCode\\": null\\r\\n}"}';

export async function startConnector(): Promise<ConnectorStandIn> {
  const posted: PostedActivity[] = [];
  const refused: PostedActivity[] = [];
  const blocked = new Set<string>();
  const teams = new Map<string, string>();
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Send to conversation, or reply to an activity (what continueConversationAsync sends:
      // the continuation activity's id becomes replyToId).
      // TeamsInfo.getTeamDetails: the team's Entra group id (Graph's team id).
      const team = /^\/v3\/teams\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && team) {
        const id = decodeURIComponent(team[1]!);
        const aadGroupId = teams.get(id);
        res.writeHead(aadGroupId ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' });
        return res.end(aadGroupId ? JSON.stringify({ id, name: 'Voice Operations', aadGroupId }) : '{"error":{"code":"NotFound","message":"Team not found"}}');
      }
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end('{"error":{"code":"NotFound","message":"Not found"}}');
      }
      const conversationId = decodeURIComponent(m[1]!);
      let activity: unknown;
      try {
        activity = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end('{"error":{"code":"BadArgument","message":"Invalid JSON"}}');
      }
      const record = { conversationId, authorization: req.headers.authorization, activity, at: Date.now() };
      if (blocked.has(conversationId)) {
        refused.push(record);
        res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
        return res.end(WRITES_BLOCKED_BODY);
      }
      posted.push(record);
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ id: `1:${1763629611555 + ++seq}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    posted,
    refused,
    blocked,
    teams,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
