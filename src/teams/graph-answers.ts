// Answers from Microsoft Graph call records in Teams:
//   "failures last 24h"                   the report of the tenant's last 24 hours, as report cards
//   "daily digest here [at 07:30]"        subscribes a channel to the daily digest (time in UTC)
//   "stop digest"                         ends it
// Call records show every call of the tenant (numbers, users), so they are answered only where
// someone entitled chose to have them: in a channel subscribed to the digest, or to a member of the
// configured admin group. A subscription is made or ended only by the team's owners or the admin
// group. Owners are read with Graph's team members list filtered on the owner role
// (TeamMember.Read.All, or the resource-specific TeamMember.Read.Group the team grants at install).
import type { Application, TurnState } from '@microsoft/teams-ai';
import { CardFactory, MessageFactory, TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import { cardsForReport } from '../cards/report';
import type { Kb } from '../kb/load';
import type { Logger } from '../log';
import { GraphClient } from '../graph/client';
import { GraphConfigError, readGraphConfig, type GraphConfig } from '../graph/config';
import { GraphError } from '../graph/errors';
import { graphReport } from '../graph/report';
import { openStore } from '../store';
import { parseTimeOfDay, type Store, type Subscription } from '../store/types';
import { messageText } from './text';

export interface GraphAnswers {
  /** Undefined: Graph is not configured, and every command says what to set. */
  graph?: GraphConfig;
  store: Store;
  /** Entra group whose members may read call records anywhere and manage any digest. */
  adminGroupId?: string;
  /** For tests: a client with a recording sleep. */
  client?: (config: GraphConfig) => GraphClient;
  now?: () => Date;
}

export const DEFAULT_DIGEST_TIME = '07:00';

// Matched against the trimmed text without its closing punctuation, so no pattern needs a
// whitespace run next to an optional one (recheck, test/diagnose/redos.test.ts).
const FAILURES = /^(?:show\s+)?failures?\s+(?:in\s+)?(?:the\s+)?last\s+24\s*(?:h|hrs?|hours?)$/i;
const SUBSCRIBE = /^daily\s+digest\s+here(?:\s+at\s+(\d{1,2})(?::(\d{2}))?)?(?:\s+utc|utc)?$/i;
const UNSUBSCRIBE = /^stop\s+(?:the\s+)?(?:daily\s+)?digest$/i;

export type GraphCommand = { kind: 'failures' } | { kind: 'subscribe'; timeOfDay?: string; badTime?: boolean } | { kind: 'unsubscribe' };

/** The command a message carries, if any (the text is short: a command is one line). */
export function graphCommand(text: string): GraphCommand | undefined {
  if (text.length > 100) return undefined;
  text = text.trim().replace(/[.!?]$/, '').trimEnd();
  if (FAILURES.test(text)) return { kind: 'failures' };
  if (UNSUBSCRIBE.test(text)) return { kind: 'unsubscribe' };
  const m = SUBSCRIBE.exec(text);
  if (!m) return undefined;
  if (!m[1]) return { kind: 'subscribe' };
  const time = parseTimeOfDay(`${m[1].padStart(2, '0')}:${m[2] ?? '00'}`);
  return time ? { kind: 'subscribe', timeOfDay: time } : { kind: 'subscribe', badTime: true };
}

export const NOT_CONFIGURED =
  'Answers from Microsoft Graph call records are not configured. The server needs an app registration of your tenant with the application permission CallRecords.Read.All (admin consent): set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CLIENT_CERTIFICATE_PATH). See "Call records from Microsoft Graph" in the README.';

interface Channel {
  /** The channel's own conversation id (a reply thread's ";messageid=" removed). */
  id: string;
  teamId?: string;
  aadGroupId?: string;
  teamName?: string;
  channelName?: string;
}

function channelOf(a: Partial<Activity>): Channel | undefined {
  const data = (a.channelData ?? {}) as { channel?: { id?: string; name?: string }; team?: { id?: string; aadGroupId?: string; name?: string } };
  if (a.conversation?.conversationType !== 'channel' && !data.channel?.id) return undefined;
  const id = data.channel?.id ?? a.conversation?.id?.split(';')[0];
  if (!id) return undefined;
  return { id, teamId: data.team?.id, aadGroupId: data.team?.aadGroupId, teamName: data.team?.name, channelName: data.channel?.name };
}

const tenantOf = (a: Partial<Activity>) => a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
const conversationKey = (a: Partial<Activity>) => channelOf(a)?.id ?? a.conversation?.id ?? '';

export function registerGraphAnswers(app: Application<TurnState>, deps: { kb: Kb; log: Logger; graph?: GraphAnswers }): void {
  // One client for the process: its credential keeps the token until it expires.
  let client: GraphClient | undefined;
  app.message(
    async (context) => context.activity.type === 'message' && !!graphCommand(messageText(context.activity).text),
    async (context) => {
      const command = graphCommand(messageText(context.activity).text)!;
      const answers = deps.graph;
      if (!answers?.graph) return void (await context.sendActivity(NOT_CONFIGURED));
      const tenant = tenantOf(context.activity);
      if (tenant !== answers.graph.tenantId) {
        await context.sendActivity(`SIP Doc reads the call records of tenant ${answers.graph.tenantId} only; this conversation is in ${tenant ? `tenant ${tenant}` : 'no tenant'}.`);
        return;
      }
      client ??= (answers.client ?? ((c) => new GraphClient(c)))(answers.graph);
      try {
        if (command.kind === 'failures') await answerFailures(context, client, answers, deps);
        else await manageDigest(context, command, client, answers, deps.log);
      } catch (err) {
        if (err instanceof GraphError) {
          deps.log.warn({ kind: err.kind, status: err.detail.status, conversationId: context.activity.conversation?.id }, 'graph answer failed');
          await context.sendActivity(err.message);
          return;
        }
        throw err;
      }
    },
  );
}

async function isAdmin(client: GraphClient, adminGroupId: string | undefined, userId: string | undefined): Promise<boolean> {
  if (!adminGroupId || !userId) return false;
  const body = await client.post<{ value?: unknown[] }>(
    `/users/${encodeURIComponent(userId)}/checkMemberGroups`,
    { groupIds: [adminGroupId] },
    'the admin group membership (checkMemberGroups)',
    `Microsoft Graph refused to check the admin group's members (403): the app registration needs the application permission GroupMember.Read.All with admin consent, or unset SIPDOC_ADMIN_GROUP_ID.`,
  );
  return Array.isArray(body.value) && body.value.includes(adminGroupId);
}

/** The Entra group id of the team (Graph's team id): from the activity, else the connector. */
async function teamGroupId(context: TurnContext, channel: Channel): Promise<string | undefined> {
  if (channel.aadGroupId) return channel.aadGroupId;
  try {
    return (await TeamsInfo.getTeamDetails(context))?.aadGroupId ?? undefined;
  } catch {
    return undefined;
  }
}

async function isTeamOwner(client: GraphClient, groupId: string, userId: string | undefined): Promise<boolean> {
  if (!userId) return false;
  const owners = await client.getAll<{ userId?: string; roles?: string[] }>(
    `/teams/${encodeURIComponent(groupId)}/members?$filter=${encodeURIComponent("roles/any(r:r eq 'owner')")}`,
    "the team's owners",
    "Microsoft Graph refused to list the team's owners (403): the app registration needs the application permission TeamMember.Read.All with admin consent (or the resource-specific TeamMember.Read.Group), so that SIP Doc can check who may subscribe this channel.",
  );
  return owners.rows.some((m) => m.userId === userId && (m.roles ?? []).some((r) => r.toLowerCase() === 'owner'));
}

async function answerFailures(context: TurnContext, client: GraphClient, answers: GraphAnswers, deps: { kb: Kb; log: Logger }) {
  const userId = context.activity.from?.aadObjectId;
  const subscribed = await answers.store.getSubscription(conversationKey(context.activity));
  if (!subscribed && !(await isAdmin(client, answers.adminGroupId, userId))) {
    await context.sendActivity(
      'Call records show every call of the tenant, so SIP Doc answers "failures last 24h" only in a channel subscribed to the daily digest ("daily digest here", by a team owner)' +
        (answers.adminGroupId ? ', or to members of the SIP Doc admin group.' : ', or to members of an admin group (SIPDOC_ADMIN_GROUP_ID on the server).'),
    );
    return;
  }
  const now = (answers.now ?? (() => new Date()))();
  const report = await graphReport(client, { from: new Date(now.getTime() - 86_400_000), to: now }, deps.kb);
  const cards = cardsForReport(report, deps.kb);
  const attachments = cards.map((c) => CardFactory.adaptiveCard(c));
  const reply = attachments.length > 1 ? MessageFactory.carousel(attachments) : MessageFactory.attachment(attachments[0]!);
  reply.summary = `SIP Doc: ${report.failures} failed calls of ${report.calls} in the last 24 hours`;
  await context.sendActivity(reply);
}

async function manageDigest(context: TurnContext, command: Exclude<GraphCommand, { kind: 'failures' }>, client: GraphClient, answers: GraphAnswers, log: Logger) {
  const channel = channelOf(context.activity);
  if (!channel) {
    await context.sendActivity('The daily digest goes to a channel: @mention SIP Doc in the support channel of a team with "daily digest here" (a team owner can).');
    return;
  }
  if (command.kind === 'subscribe' && command.badTime) {
    await context.sendActivity('Give the time as hours and minutes in UTC, for example "daily digest here at 07:30".');
    return;
  }
  const userId = context.activity.from?.aadObjectId;
  let allowed = await isAdmin(client, answers.adminGroupId, userId);
  if (!allowed) {
    const groupId = await teamGroupId(context, channel);
    if (!groupId) {
      await context.sendActivity("SIP Doc could not find this team's id to check its owners; ask a member of the SIP Doc admin group.");
      return;
    }
    allowed = await isTeamOwner(client, groupId, userId);
  }
  if (!allowed) {
    await context.sendActivity(`Only the owners of this team${answers.adminGroupId ? ' or members of the SIP Doc admin group' : ''} can ${command.kind === 'subscribe' ? 'subscribe this channel to' : 'stop'} the daily digest.`);
    return;
  }
  if (command.kind === 'unsubscribe') {
    const removed = await answers.store.deleteSubscription(channel.id);
    log.info({ conversationId: channel.id, removed }, 'digest unsubscribed');
    await context.sendActivity(removed ? 'The daily digest for this channel is stopped.' : 'This channel has no daily digest.');
    return;
  }
  const a = context.activity;
  const now = (answers.now ?? (() => new Date()))();
  const subscription: Subscription = {
    conversationId: channel.id,
    tenantId: answers.graph!.tenantId,
    ...(channel.teamId ? { teamId: channel.teamId } : {}),
    ...(channel.teamName ? { teamName: channel.teamName } : {}),
    ...(channel.channelName ? { channelName: channel.channelName } : {}),
    // The channel itself, not the thread the command was typed in: each digest is a new post.
    reference: {
      serviceUrl: a.serviceUrl ?? '',
      channelId: a.channelId ?? 'msteams',
      conversation: { id: channel.id, conversationType: 'channel', isGroup: true, ...(tenantOf(a) ? { tenantId: tenantOf(a) } : {}) },
      bot: { id: a.recipient?.id ?? '', ...(a.recipient?.name ? { name: a.recipient.name } : {}) },
    },
    timeOfDay: command.timeOfDay ?? DEFAULT_DIGEST_TIME,
    requestedBy: { id: a.from?.id ?? '', ...(userId ? { aadObjectId: userId } : {}), ...(a.from?.name ? { name: a.from.name } : {}) },
    requestedAt: now.toISOString(),
  };
  const before = await answers.store.getSubscription(channel.id);
  await answers.store.putSubscription(subscription);
  log.info({ conversationId: channel.id, timeOfDay: subscription.timeOfDay }, 'digest subscribed');
  await context.sendActivity(
    `${before ? 'Updated: this' : 'This'} channel gets the daily digest of yesterday's call failures at ${subscription.timeOfDay} UTC, from Microsoft Graph call records` +
      ` (asked by ${a.from?.name ?? 'you'}). "failures last 24h" answers here too; "stop digest" ends it.`,
  );
}

/** The Graph answers' settings from the environment (GRAPH_*, the store, SIPDOC_ADMIN_GROUP_ID). */
export function graphAnswersFromEnv(env: NodeJS.ProcessEnv = process.env): GraphAnswers {
  const graph = readGraphConfig(env);
  const adminGroupId = (env.SIPDOC_ADMIN_GROUP_ID ?? '').trim();
  if (adminGroupId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(adminGroupId)) {
    throw new GraphConfigError(`SIPDOC_ADMIN_GROUP_ID must be the Object ID of an Entra group, a GUID (got "${adminGroupId}").`);
  }
  return { ...(graph ? { graph } : {}), store: openStore(env), ...(adminGroupId ? { adminGroupId } : {}) };
}
