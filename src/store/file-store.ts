// The embedded store for one machine: one JSON file. Every change is a read-modify-write under a
// lock file (the bot and a digest run can share the machine) and lands with an atomic rename, so a
// crash leaves the old file or the new one, never half of one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSubscription, type PostRecord, type Store, type Subscription } from './types';

interface FileData {
  version: 1;
  subscriptions: Record<string, Subscription>;
  posts: Record<string, PostRecord>;
}

const empty = (): FileData => ({ version: 1, subscriptions: {}, posts: {} });
const postKey = (conversationId: string, day: string) => `${day}|${conversationId}`;

/** A lock older than this is left over from a crashed process. */
const STALE_LOCK_MS = 30_000;
/** Posts kept: a digest is posted once a day, so 400 days of records is plenty. */
const KEEP_POST_DAYS = 400;

export const DEFAULT_STORE_FILE = path.join(os.homedir(), '.sipdoc', 'store.json');

export class FileStore implements Store {
  readonly kind = 'file' as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string = DEFAULT_STORE_FILE) {}

  private read(): FileData {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw err;
    }
    let data: Partial<FileData>;
    try {
      data = JSON.parse(text) as Partial<FileData>;
    } catch {
      throw new Error(`The SIP Doc store ${this.file} is not valid JSON; fix or remove it (it holds the digest subscriptions).`);
    }
    const subscriptions: Record<string, Subscription> = {};
    for (const [k, v] of Object.entries(data.subscriptions ?? {})) if (isSubscription(v)) subscriptions[k] = v;
    return { version: 1, subscriptions, posts: data.posts && typeof data.posts === 'object' ? data.posts : {} };
  }

  private write(data: FileData): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, JSON.stringify(data, null, 2));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }

  private async lock(): Promise<() => void> {
    const lockFile = `${this.file}.lock`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    for (let i = 0; ; i++) {
      try {
        const fd = fs.openSync(lockFile, 'wx');
        fs.closeSync(fd);
        return () => fs.rmSync(lockFile, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const age = Date.now() - (fs.statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > STALE_LOCK_MS) fs.rmSync(lockFile, { force: true });
        else if (i > 500) throw new Error(`The SIP Doc store ${this.file} stayed locked; remove ${lockFile} if no SIP Doc process runs.`);
        else await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  /** Runs `change` on the current data and writes what it returns, one change at a time. */
  private update<T>(change: (data: FileData) => { data?: FileData; result: T }): Promise<T> {
    const run = this.queue.then(async () => {
      const unlock = await this.lock();
      try {
        const out = change(this.read());
        if (out.data) this.write(out.data);
        return out.result;
      } finally {
        unlock();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async putSubscription(s: Subscription): Promise<void> {
    await this.update((data) => {
      data.subscriptions[s.conversationId] = s;
      return { data, result: undefined };
    });
  }

  async getSubscription(conversationId: string): Promise<Subscription | undefined> {
    return this.read().subscriptions[conversationId];
  }

  deleteSubscription(conversationId: string): Promise<boolean> {
    return this.update((data) => {
      if (!data.subscriptions[conversationId]) return { result: false };
      delete data.subscriptions[conversationId];
      return { data, result: true };
    });
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return Object.values(this.read().subscriptions);
  }

  claimPost(conversationId: string, day: string, at: string): Promise<boolean> {
    return this.update((data) => {
      const key = postKey(conversationId, day);
      if (data.posts[key]) return { result: false };
      data.posts[key] = { conversationId, day, state: 'claimed', at };
      // Forget posts older than a year: the file stays small.
      const cutoff = new Date(Date.parse(`${day}T00:00:00Z`) - KEEP_POST_DAYS * 86_400_000).toISOString().slice(0, 10);
      for (const [k, p] of Object.entries(data.posts)) if (p.day < cutoff) delete data.posts[k];
      return { data, result: true };
    });
  }

  async completePost(conversationId: string, day: string, at: string, activityId?: string): Promise<void> {
    await this.update((data) => {
      data.posts[postKey(conversationId, day)] = { conversationId, day, state: 'posted', at, ...(activityId ? { activityId } : {}) };
      return { data, result: undefined };
    });
  }

  async releasePost(conversationId: string, day: string): Promise<void> {
    await this.update((data) => {
      const key = postKey(conversationId, day);
      if (data.posts[key]?.state !== 'claimed') return { result: undefined };
      delete data.posts[key];
      return { data, result: undefined };
    });
  }

  async getPost(conversationId: string, day: string): Promise<PostRecord | undefined> {
    return this.read().posts[postKey(conversationId, day)];
  }
}
