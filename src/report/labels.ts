// Words shared by every presentation (CLI text, cards): how to name a finding, its origin and who must act.
import type { Finding } from '../diagnose/types';
import { PARTY_LABELS, SIDE_LABELS, type Catalog, type FixOn, type KbEntry, type Origin, type Party, type Side } from '../kb/types';

/** "Customer SBC", "Microsoft", ...: who generated the response. Who must act is said on its own line. */
export function originLabel(origin: Origin): string {
  return SIDE_LABELS[origin.side];
}

/** For a Communication Services entry, "your configuration" is the Azure resource, not Teams. */
const ACS_TENANT_LABEL = 'Your Azure configuration';

/** "Your SBC", "Your Teams configuration", ...: who must act. */
export function fixOnLabel(fixOn: FixOn, catalog?: Catalog): string {
  if (fixOn.party === 'tenant' && catalog?.startsWith('acs-')) return ACS_TENANT_LABEL;
  return PARTY_LABELS[fixOn.party];
}

export const FIX_ON_BASIS_LABELS: Record<FixOn['basis'], string> = {
  rule: 'reviewed rule',
  exception: 'reviewed exception',
  inferred: 'inferred',
  trace: 'from the trace',
};

/** "reviewed rule sbc-certificate", "reviewed exception", "inferred: code-sbc-answered" */
export function fixOnBasisLabel(fixOn: FixOn): string {
  if (fixOn.basis === 'exception') return FIX_ON_BASIS_LABELS.exception;
  return `${FIX_ON_BASIS_LABELS[fixOn.basis]}${fixOn.basis === 'rule' ? ' ' : ': '}${fixOn.rule}`;
}

const GENERATED_BY: Record<Side, string> = {
  sbc: 'your SBC generated this response',
  microsoft: 'Microsoft generated this response',
  client: 'the client generated this response',
  none: 'the call ended normally',
  unknown: 'nothing says who generated this response',
};

/** "Your SBC" -> "your SBC" inside a sentence; a name ("Microsoft support") keeps its capital. */
const lowerFirst = (s: string) => (/^(?:Your|The|Nothing|Unknown|A|An)\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/**
 * The line a card and the CLI lead with: who must act, who generated the response, and why.
 * "Fix on: your SBC — Microsoft generated this response. Microsoft refused the SBC's TLS certificate ..."
 */
export function fixOnLead(fixOn: FixOn, origin: Origin, catalog?: Catalog): string {
  const who = lowerFirst(fixOnLabel(fixOn, catalog));
  if (fixOn.party === 'none') return `Fix on: ${who} — ${lowerFirst(fixOn.reason)}`;
  return `Fix on: ${who} — ${GENERATED_BY[origin.side]}. ${fixOn.reason}`;
}

/** Container styles for the who-must-act badge. */
export const PARTY_STYLES: Record<Party, string> = {
  sbc: 'warning',
  tenant: 'accent',
  carrier: 'warning',
  client: 'emphasis',
  microsoft: 'attention',
  none: 'good',
  unknown: 'default',
};

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
