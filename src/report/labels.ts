// Words shared by every presentation (CLI text, cards): how to name a finding and its origin.
import type { Finding } from '../diagnose/types';
import { SIDE_LABELS, type KbEntry, type Origin } from '../kb/types';

const FIX_ON: Record<Origin['side'], string> = {
  sbc: "the customer's SBC",
  microsoft: 'the Microsoft side',
  client: 'the client app',
  none: 'nothing to fix',
  unknown: 'an unknown side',
};

/** "Customer SBC", "Microsoft, fix on the customer's SBC", ... */
export function originLabel(origin: Origin): string {
  const who = SIDE_LABELS[origin.side];
  return origin.fixOn && origin.fixOn !== origin.side ? `${who}, fix on ${FIX_ON[origin.fixOn]}` : who;
}

export const BASIS_LABELS: Record<Origin['basis'], string> = {
  documented: 'documented rule',
  entry: 'from the entry',
  inferred: 'inferred',
  trace: 'read from the trace',
  prose: 'from your description',
};

/** "510559 / 403", "560403 / 403 (from the code)", "SIP 403", "Q.850 cause 34". */
export function codeLabel(f: Pick<Finding, 'msCode' | 'sipCode' | 'q850Cause' | 'sipCodeImplied'>): string {
  const parts: string[] = [];
  if (f.msCode !== null && f.sipCode !== null) parts.push(`${f.msCode} / ${f.sipCode}`);
  else if (f.msCode !== null) parts.push(`${f.msCode}`);
  else if (f.sipCode !== null) parts.push(`SIP ${f.sipCode}`);
  if (f.q850Cause !== null) parts.push(`Q.850 cause ${f.q850Cause}`);
  return parts.join(' · ') || 'no code';
}

/** An entry's codes: "510559 / 403", "SIP 403", or "HTTP 401" for a Chat SDK error. */
export const entryCodes = (e: KbEntry) =>
  e.msCode === null && e.sipCode === null && e.httpStatus !== undefined ? `HTTP ${e.httpStatus}` : codeLabel({ ...e, q850Cause: null, sipCodeImplied: false });

/** Cuts at a word boundary and says so with an ellipsis. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

export { findingTitle as headline } from '../diagnose';

/** Markdown links and emphasis as plain text: "[text](url)" -> "text <url>". */
export function markdownToPlain(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) => (text === url ? url : `${text} <${url}>`))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}
