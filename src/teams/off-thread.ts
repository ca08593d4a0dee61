// Reading a long paste takes long enough (up to a few seconds for a megabyte of adversarial text)
// that, on the event loop, it would stall every other request, /healthz included. Messages above
// a size are read in one worker thread, in turn; short ones (nearly all) are read in place.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Activity } from 'botbuilder';
import { diagnose } from '../diagnose';
import { isPastedReport, reportFromText, type Report } from '../diagnose/report';
import type { Diagnosis } from '../diagnose/types';
import { defaultKb, type Kb } from '../kb/load';
import { messageText, type MessageText } from './text';

/** Activities whose text and HTML together are at most this long are read in place. */
export const INLINE_MAX_CHARS = 32_000;

export interface ReadMessage extends MessageText {
  /** Absent when there is no text. */
  diagnosis?: Diagnosis;
  /** The report of a pasted table of calls (a usage report, Graph or ACS records). */
  report?: Report;
}

/** The parts of an activity messageText() reads (what the worker is sent). */
function messageParts(a: Partial<Activity>): Partial<Activity> {
  return {
    text: a.text,
    recipient: a.recipient,
    entities: (a.entities ?? []).filter((e) => e?.type === 'mention'),
    attachments: (a.attachments ?? []).filter((x) => x?.contentType === 'text/html' && typeof x.content === 'string'),
  };
}

function sizeOf(a: Partial<Activity>): number {
  let n = typeof a.text === 'string' ? a.text.length : 0;
  for (const x of a.attachments ?? []) if (typeof x?.content === 'string') n += x.content.length;
  return n;
}

/** The worker's KB entries are copies: the answer refers to this thread's entries again. */
function relink(d: Diagnosis, kb: Kb): Diagnosis {
  for (const f of d.findings) f.entries = f.entries.map((e) => kb.byEntryId(e.id) ?? e);
  for (const h of d.search) h.entry = kb.byEntryId(h.entry.id) ?? h.entry;
  return d;
}

function relinkReport(r: Report, kb: Kb): Report {
  for (const k of r.kinds) k.finding.entries = k.finding.entries.map((e) => kb.byEntryId(e.id) ?? e);
  return r;
}

class ReaderThread {
  private worker?: Worker;
  private readonly jobs = new Map<number, { resolve: (r: ReadMessage) => void; reject: (e: Error) => void }>();
  private next = 0;

  private start(): Worker {
    // Compiled: the .js next to this file. From the TypeScript sources (tests, `npm run dev`): through tsx.
    const ts = __filename.endsWith('.ts');
    const worker = new Worker(path.join(__dirname, ts ? 'read-worker.ts' : 'read-worker.js'), ts ? { execArgv: ['--require', 'tsx/cjs'] } : {});
    worker.unref();
    worker.on('message', (m: { id: number; message?: MessageText; diagnosis?: Diagnosis; report?: Report; error?: string }) => {
      const job = this.jobs.get(m.id);
      if (!job) return;
      this.jobs.delete(m.id);
      if (m.error !== undefined || !m.message) job.reject(new Error(m.error ?? 'the reader thread sent no answer'));
      else job.resolve({ ...m.message, ...(m.diagnosis ? { diagnosis: m.diagnosis } : {}), ...(m.report ? { report: m.report } : {}) });
    });
    const fail = (err: Error) => {
      this.worker = undefined;
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the reader thread stopped (exit code ${code})`)));
    return worker;
  }

  read(activity: Partial<Activity>): Promise<ReadMessage> {
    this.worker ??= this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.worker!.postMessage({ id, activity: messageParts(activity) });
    });
  }
}

const thread = new ReaderThread();

/**
 * A message's text, its diagnosis and, for a pasted table of calls, its report: in place for a
 * short message, in the reader thread for a long one.
 */
export async function readMessage(activity: Partial<Activity>, kb: Kb): Promise<ReadMessage> {
  if (sizeOf(activity) <= INLINE_MAX_CHARS || kb !== defaultKb()) {
    const message = messageText(activity);
    if (!message.text) return message;
    const diagnosis = diagnose(message.text, kb);
    const report = isPastedReport(diagnosis, message.text) ? reportFromText(message.text, kb) : undefined;
    return { ...message, diagnosis, ...(report ? { report } : {}) };
  }
  const r = await thread.read(activity);
  if (r.diagnosis) relink(r.diagnosis, kb);
  if (r.report) relinkReport(r.report, kb);
  return r;
}
