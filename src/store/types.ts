// What SIP Doc keeps between turns and between digest runs: the channels subscribed to the daily
// digest (with the conversation reference to post to) and the digests already posted. One small
// interface; Azure Table Storage in production (table-store.ts), a local file for one machine
// (file-store.ts).

/** The parts of a Bot Framework ConversationReference a proactive post needs. */
export interface StoredReference {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  bot: { id: string; name?: string };
}

export interface Subscription {
  /** The channel's conversation id (the key). */
  conversationId: string;
  /** The Entra tenant whose call records the digest reads. */
  tenantId: string;
  teamId?: string;
  teamName?: string;
  channelName?: string;
  reference: StoredReference;
  /** When the digest is posted, "HH:MM" UTC; the job posts at its first run from then on. */
  timeOfDay: string;
  requestedBy: { id: string; aadObjectId?: string; name?: string };
  /** ISO 8601. */
  requestedAt: string;
}

/** One digest posted (or being posted) to one channel for one day. */
export interface PostRecord {
  conversationId: string;
  /** The UTC day the digest covers, YYYY-MM-DD. */
  day: string;
  /** 'claimed' while the post is under way, 'posted' once the connector took it. */
  state: 'claimed' | 'posted';
  at: string;
  activityId?: string;
}

export interface Store {
  /** Which backend, for logs and the README's promises. */
  readonly kind: 'azure-table' | 'file';
  putSubscription(s: Subscription): Promise<void>;
  getSubscription(conversationId: string): Promise<Subscription | undefined>;
  /** True when there was one to remove. */
  deleteSubscription(conversationId: string): Promise<boolean>;
  listSubscriptions(): Promise<Subscription[]>;
  /**
   * Claims the post of `day` to a channel: true for the first caller, false when it was claimed or
   * posted already. Two digest runs at once post once.
   */
  claimPost(conversationId: string, day: string, at: string): Promise<boolean>;
  completePost(conversationId: string, day: string, at: string, activityId?: string): Promise<void>;
  /** Gives a claim back (the post failed), so that the next run tries again. */
  releasePost(conversationId: string, day: string): Promise<void>;
  getPost(conversationId: string, day: string): Promise<PostRecord | undefined>;
  close?(): Promise<void>;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "07:30" as it is; anything else undefined. */
export function parseTimeOfDay(text: string): string | undefined {
  const m = TIME.exec(text.trim());
  return m ? `${m[1]}:${m[2]}` : undefined;
}

/** Checks a subscription read back from storage (a hand-edited file, an old row). */
export function isSubscription(v: unknown): v is Subscription {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<Subscription>;
  return (
    typeof s.conversationId === 'string' &&
    typeof s.tenantId === 'string' &&
    typeof s.timeOfDay === 'string' &&
    parseTimeOfDay(s.timeOfDay) !== undefined &&
    typeof s.requestedAt === 'string' &&
    !!s.requestedBy &&
    typeof s.requestedBy.id === 'string' &&
    !!s.reference &&
    typeof s.reference.serviceUrl === 'string' &&
    typeof s.reference.conversation?.id === 'string' &&
    typeof s.reference.bot?.id === 'string'
  );
}
