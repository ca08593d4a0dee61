// The daily digest job (`sipdoc digest`, run by a scheduler): for every subscribed channel whose
// time of day has come and whose digest for yesterday (UTC) is not posted yet, read the tenant's
// call records once (yesterday and the day before, one query), build the digest, and post one card
// per channel. A post is claimed in the store before it is sent, so a second run, or two runs at
// once, post nothing twice. A channel that removed the app (403 MessageWritesBlocked) is
// unsubscribed.
import { digestCard } from '../cards/digest';
import { buildDigest, type Digest } from '../diagnose/digest';
import type { Kb } from '../kb/load';
import type { Logger } from '../log';
import { streamCallRecords } from '../graph/call-records';
import type { GraphClient } from '../graph/client';
import { GraphError } from '../graph/errors';
import { GraphReportBuilder } from '../graph/report';
import type { Report } from '../diagnose/report';
import type { Store, Subscription } from '../store/types';
import { isWritesBlocked, type ProactiveSender } from './bot-connector';

const DAY_MS = 86_400_000;

export interface DigestDeps {
  store: Store;
  kb: Kb;
  /** The Graph client for a tenant, or undefined when SIP Doc has no app registration for it. */
  graphFor(tenantId: string): GraphClient | undefined;
  sender: ProactiveSender;
  log: Logger;
  now?: () => Date;
}

export interface DigestOptions {
  /** The UTC day to post (YYYY-MM-DD); default yesterday. A given day ignores the time of day. */
  day?: string;
}

export type DigestOutcome =
  | { conversationId: string; result: 'posted'; activityId?: string }
  | { conversationId: string; result: 'already-posted' | 'not-yet' }
  | { conversationId: string; result: 'unsubscribed'; reason: string }
  | { conversationId: string; result: 'failed'; reason: string };

export interface DigestRun {
  day: string;
  outcomes: DigestOutcome[];
  /** Graph requests the run sent, per tenant. */
  graphRequests: Record<string, number>;
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

export function checkDay(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(dayStart(day).getTime()) || isoDay(dayStart(day)) !== day) return `"${day}" is not a day (YYYY-MM-DD).`;
  return undefined;
}

/** The digest of `day` for one tenant: one Graph query covering the day and the day before. */
export async function tenantDigest(client: GraphClient, kb: Kb, day: string): Promise<{ digest: Digest; requests: number }> {
  const previousDay = isoDay(new Date(dayStart(day).getTime() - DAY_MS));
  const days = [previousDay, day].map((d) => new GraphReportBuilder(kb, { from: dayStart(d), to: new Date(dayStart(d).getTime() + DAY_MS) }));
  const dayMs = dayStart(day).getTime();
  const counts = await streamCallRecords(client, { from: dayStart(previousDay), to: new Date(dayMs + DAY_MS) }, (r) => {
    // Graph's range is on the start time; each call goes to the day it started.
    const t = Date.parse(r.row.startDateTime ?? '');
    if (!Number.isNaN(t)) days[t >= dayMs ? 1 : 0]!.add(r);
  });
  const [previous, report] = days.map((b) => b.finish(counts, client.config.maxPages)) as [Report, Report];
  return { digest: buildDigest(day, report, previousDay, previous), requests: counts.requests };
}

const due = (s: Subscription, now: Date) => s.timeOfDay <= now.toISOString().slice(11, 16);

export async function runDigest(deps: DigestDeps, options: DigestOptions = {}): Promise<DigestRun> {
  const now = (deps.now ?? (() => new Date()))();
  const day = options.day ?? isoDay(new Date(now.getTime() - DAY_MS));
  const problem = checkDay(day);
  if (problem) throw new RangeError(problem);
  const outcomes: DigestOutcome[] = [];
  const graphRequests: Record<string, number> = {};

  // Who gets a digest now: due, and not posted yet (checked before Graph is asked anything).
  const byTenant = new Map<string, Subscription[]>();
  for (const s of await deps.store.listSubscriptions()) {
    if (!options.day && !due(s, now)) {
      outcomes.push({ conversationId: s.conversationId, result: 'not-yet' });
      continue;
    }
    if ((await deps.store.getPost(s.conversationId, day))?.state === 'posted') {
      outcomes.push({ conversationId: s.conversationId, result: 'already-posted' });
      continue;
    }
    byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), s]);
  }

  for (const [tenantId, subs] of byTenant) {
    const client = deps.graphFor(tenantId);
    if (!client) {
      const reason = `SIP Doc has no Microsoft Graph app registration for tenant ${tenantId} (GRAPH_TENANT_ID).`;
      for (const s of subs) outcomes.push({ conversationId: s.conversationId, result: 'failed', reason });
      deps.log.warn({ tenantId, channels: subs.length }, reason);
      continue;
    }
    let digest: Digest;
    try {
      const made = await tenantDigest(client, deps.kb, day);
      digest = made.digest;
      graphRequests[tenantId] = made.requests;
    } catch (err) {
      const reason = err instanceof GraphError || err instanceof RangeError ? err.message : `Reading the call records failed: ${String(err)}`;
      for (const s of subs) outcomes.push({ conversationId: s.conversationId, result: 'failed', reason });
      deps.log.error({ tenantId, kind: err instanceof GraphError ? err.kind : undefined, err: err instanceof GraphError ? undefined : err }, `digest: ${reason}`);
      continue;
    }
    const card = digestCard(digest);
    for (const s of subs) outcomes.push(await postOne(deps, s, day, card, digest, now));
  }
  return { day, outcomes, graphRequests };
}

async function postOne(deps: DigestDeps, s: Subscription, day: string, card: object, digest: Digest, now: Date): Promise<DigestOutcome> {
  const { store, log } = deps;
  if (!(await store.claimPost(s.conversationId, day, now.toISOString()))) return { conversationId: s.conversationId, result: 'already-posted' };
  try {
    const activityId = await deps.sender.post(s.reference, {
      type: 'message',
      summary: `SIP Doc daily digest ${day}: ${digest.totals.failures} failed calls of ${digest.totals.calls}`,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    });
    await store.completePost(s.conversationId, day, new Date().toISOString(), activityId);
    log.info({ conversationId: s.conversationId, day, activityId }, 'digest posted');
    return { conversationId: s.conversationId, result: 'posted', ...(activityId ? { activityId } : {}) };
  } catch (err) {
    await store.releasePost(s.conversationId, day);
    if (isWritesBlocked(err)) {
      await store.deleteSubscription(s.conversationId);
      const reason = 'Teams refused the post (403 MessageWritesBlocked: the app was removed or blocked); the subscription was ended.';
      log.warn({ conversationId: s.conversationId, day }, reason);
      return { conversationId: s.conversationId, result: 'unsubscribed', reason };
    }
    const status = (err as { statusCode?: number })?.statusCode;
    const reason = `The Bot Framework connector refused the post${status ? ` (${status})` : ''}: ${err instanceof Error ? err.message.split('\n', 1)[0] : String(err)}`;
    log.error({ conversationId: s.conversationId, day, status }, reason);
    return { conversationId: s.conversationId, result: 'failed', reason };
  }
}
