// The worker thread that reads long messages (see off-thread.ts): the message's text, its diagnosis,
// and the report of a pasted table of calls.
import { parentPort } from 'node:worker_threads';
import { diagnose } from '../diagnose';
import { isPastedReport, reportFromText } from '../diagnose/report';
import { defaultKb } from '../kb/load';
import { messageText } from './text';

const kb = defaultKb();
parentPort?.on('message', (job: { id: number; activity: Parameters<typeof messageText>[0] }) => {
  try {
    const message = messageText(job.activity);
    const diagnosis = message.text ? diagnose(message.text, kb) : undefined;
    const report = diagnosis && isPastedReport(diagnosis, message.text) ? reportFromText(message.text, kb) : undefined;
    parentPort!.postMessage({ id: job.id, message, diagnosis, report });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
