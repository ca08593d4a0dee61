// The production store: Azure Table Storage (@azure/data-tables), shared by every server instance
// and every digest run. Two tables:
//   <prefix>Subscriptions  PartitionKey "subscription", RowKey the channel's conversation id
//   <prefix>DigestPosts    PartitionKey the UTC day,     RowKey the channel's conversation id
// Keys are base64url: a Teams conversation id holds characters a key may not ('#', '/', '?').
// A post is claimed by inserting its row: the second insert fails with 409, so two runs at once
// post once.
import type { TableClient, TableEntity, TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { isSubscription, type PostRecord, type Store, type Subscription } from './types';

const SUBSCRIPTION_PARTITION = 'subscription';

export const keyOf = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

interface SubscriptionEntity {
  conversationId: string;
  tenantId: string;
  timeOfDay: string;
  requestedAt: string;
  /** The whole subscription as JSON (the reference is nested; a property holds up to 64 KB). */
  json: string;
}

interface PostEntity {
  conversationId: string;
  day: string;
  state: PostRecord['state'];
  at: string;
  activityId?: string;
}

export interface TableStoreOptions {
  prefix?: string;
  /** Azurite (the local emulator) speaks http. */
  allowInsecureConnection?: boolean;
}

export type TableStoreTarget = { connectionString: string } | { accountUrl: string; credential: TokenCredential };

const isStatus = (err: unknown, status: number) => (err as { statusCode?: unknown } | undefined)?.statusCode === status;

export class TableStore implements Store {
  readonly kind = 'azure-table' as const;
  private readonly subscriptions: TableClient;
  private readonly posts: TableClient;
  private ready?: Promise<void>;

  constructor(target: TableStoreTarget, options: TableStoreOptions = {}) {
    const prefix = options.prefix ?? 'SipDoc';
    const clientOptions: TableServiceClientOptions = options.allowInsecureConnection ? { allowInsecureConnection: true } : {};
    // Loaded when first used: the Azure SDK would add to the start-up of every `sipdoc` command.
    const { TableClient } = require('@azure/data-tables') as typeof import('@azure/data-tables');
    const make = (name: string) =>
      'connectionString' in target
        ? TableClient.fromConnectionString(target.connectionString, name, clientOptions)
        : new TableClient(target.accountUrl, name, target.credential, clientOptions);
    this.subscriptions = make(`${prefix}Subscriptions`);
    this.posts = make(`${prefix}DigestPosts`);
  }

  /** Creates both tables once (createTable is a no-op when a table exists). */
  private init(): Promise<void> {
    this.ready ??= Promise.all([this.subscriptions.createTable(), this.posts.createTable()]).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  async putSubscription(s: Subscription): Promise<void> {
    await this.init();
    const entity: TableEntity<SubscriptionEntity> = {
      partitionKey: SUBSCRIPTION_PARTITION,
      rowKey: keyOf(s.conversationId),
      conversationId: s.conversationId,
      tenantId: s.tenantId,
      timeOfDay: s.timeOfDay,
      requestedAt: s.requestedAt,
      json: JSON.stringify(s),
    };
    await this.subscriptions.upsertEntity(entity, 'Replace');
  }

  async getSubscription(conversationId: string): Promise<Subscription | undefined> {
    await this.init();
    try {
      const e = await this.subscriptions.getEntity<SubscriptionEntity>(SUBSCRIPTION_PARTITION, keyOf(conversationId));
      return parseSubscription(e.json);
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async deleteSubscription(conversationId: string): Promise<boolean> {
    await this.init();
    try {
      await this.subscriptions.deleteEntity(SUBSCRIPTION_PARTITION, keyOf(conversationId));
      return true;
    } catch (err) {
      if (isStatus(err, 404)) return false;
      throw err;
    }
  }

  async listSubscriptions(): Promise<Subscription[]> {
    await this.init();
    const out: Subscription[] = [];
    const entities = this.subscriptions.listEntities<SubscriptionEntity>({ queryOptions: { filter: `PartitionKey eq '${SUBSCRIPTION_PARTITION}'` } });
    for await (const e of entities) {
      const s = parseSubscription(e.json);
      if (s) out.push(s);
    }
    return out;
  }

  async claimPost(conversationId: string, day: string, at: string): Promise<boolean> {
    await this.init();
    try {
      await this.posts.createEntity<PostEntity>({ partitionKey: day, rowKey: keyOf(conversationId), conversationId, day, state: 'claimed', at });
      return true;
    } catch (err) {
      if (isStatus(err, 409)) return false;
      throw err;
    }
  }

  async completePost(conversationId: string, day: string, at: string, activityId?: string): Promise<void> {
    await this.init();
    await this.posts.upsertEntity<PostEntity>({ partitionKey: day, rowKey: keyOf(conversationId), conversationId, day, state: 'posted', at, ...(activityId ? { activityId } : {}) }, 'Replace');
  }

  async releasePost(conversationId: string, day: string): Promise<void> {
    await this.init();
    const current = await this.getPost(conversationId, day);
    if (current?.state !== 'claimed') return;
    try {
      await this.posts.deleteEntity(day, keyOf(conversationId));
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async getPost(conversationId: string, day: string): Promise<PostRecord | undefined> {
    await this.init();
    try {
      const e = await this.posts.getEntity<PostEntity>(day, keyOf(conversationId));
      return { conversationId: e.conversationId, day: e.day, state: e.state, at: e.at, ...(e.activityId ? { activityId: e.activityId } : {}) };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }
}

function parseSubscription(json: unknown): Subscription | undefined {
  if (typeof json !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(json);
    return isSubscription(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
