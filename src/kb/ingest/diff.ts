// What changed between two builds of the knowledge base, in terms a reviewer can act on: entries
// added, removed, and reworded (phrase, description, actions, links, deep link, origin, who must
// act), old -> new. Entries are matched by id first; an entry whose phrase changed gets a new id,
// so the rest are matched by catalog and codes, in source order.
import type { KbEntry } from '../types';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export type EntryChange =
  | { kind: 'added'; after: KbEntry }
  | { kind: 'removed'; before: KbEntry }
  | { kind: 'reworded'; before: KbEntry; after: KbEntry; fields: FieldChange[] };

const linkList = (e: KbEntry) => e.links.map((l) => `[${l.title}](${l.url})`).join('\n');

/** The fields of an entry that a user sees, as text. Source lines and page dates are reported per page. */
const SHOWN: Array<[field: string, value: (e: KbEntry) => string]> = [
  ['phrase', (e) => e.phrase],
  ['description', (e) => e.description],
  ['actions', (e) => e.actions],
  ['links', linkList],
  ['docUrl', (e) => e.docUrl],
  ['resultCategory', (e) => e.resultCategory ?? ''],
  ['callbackEvent', (e) => e.callbackEvent ?? ''],
  ['origin', (e) => `${e.origin.side}${e.origin.fixOn ? ` (fix on ${e.origin.fixOn})` : ''}`],
  ['fixOn', (e) => e.fixOn.party],
  ['notes', (e) => [e.slip?.note, ...(e.notes ?? [])].filter(Boolean).join('\n')],
];

const pairKey = (e: KbEntry) => `${e.catalog}|${e.msCode}|${e.sipCode}|${e.httpStatus ?? ''}|${e.callbackEvent ?? ''}`;

function fieldChanges(before: KbEntry, after: KbEntry): FieldChange[] {
  const out: FieldChange[] = [];
  if (before.id !== after.id) out.push({ field: 'id', before: before.id, after: after.id });
  for (const [field, value] of SHOWN) {
    const a = value(before);
    const b = value(after);
    if (a !== b) out.push({ field, before: a, after: b });
  }
  return out;
}

export function diffEntries(before: readonly KbEntry[], after: readonly KbEntry[]): EntryChange[] {
  const afterIds = new Map(after.map((e) => [e.id, e]));
  const beforeIds = new Set(before.map((e) => e.id));
  const changes: EntryChange[] = [];
  const unmatchedBefore: KbEntry[] = [];
  for (const b of before) {
    const a = afterIds.get(b.id);
    if (!a) {
      unmatchedBefore.push(b);
      continue;
    }
    const fields = fieldChanges(b, a);
    if (fields.length) changes.push({ kind: 'reworded', before: b, after: a, fields });
  }
  // Same catalog and codes, new id: the phrase was reworded. Paired in source order.
  const waiting = new Map<string, KbEntry[]>();
  for (const b of unmatchedBefore) waiting.set(pairKey(b), [...(waiting.get(pairKey(b)) ?? []), b]);
  for (const a of after) {
    if (beforeIds.has(a.id)) continue;
    const b = waiting.get(pairKey(a))?.shift();
    if (b) changes.push({ kind: 'reworded', before: b, after: a, fields: fieldChanges(b, a) });
    else changes.push({ kind: 'added', after: a });
  }
  for (const list of waiting.values()) for (const b of list) changes.push({ kind: 'removed', before: b });
  const order = (c: EntryChange) => (c.kind === 'removed' ? 2 : c.kind === 'added' ? 0 : 1);
  return changes.sort((x, y) => order(x) - order(y));
}

/** `510559 / 403` (or the HTTP status of a Chat entry). */
export function codesOf(e: KbEntry): string {
  if (e.httpStatus !== undefined) return `HTTP ${e.httpStatus}`;
  return [e.msCode, e.sipCode].map((c) => (c === null ? '-' : String(c))).join(' / ');
}

/** Lines removed (`-`) and added (`+`) between two texts, by their longest common subsequence. */
export function lineDiff(before: string, after: string, max = 200): string[] {
  const a = before ? before.split('\n').slice(0, max) : [];
  const b = after ? after.split('\n').slice(0, max) : [];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}

const quote = (s: string) => (s ? `"${s}"` : '(empty)');

/** The changes as indented lines for the kb:update report. */
export function formatChanges(changes: readonly EntryChange[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    if (c.kind === 'added') {
      const e = c.after;
      out.push(`  + added     ${codesOf(e)}  ${quote(e.phrase)}  [${e.catalog}]`, `              ${e.id}  (${e.source.file}:${e.source.line})`);
    } else if (c.kind === 'removed') {
      const e = c.before;
      out.push(`  - removed   ${codesOf(e)}  ${quote(e.phrase)}  [${e.catalog}]`, `              ${e.id}  (was ${e.source.file}:${e.source.line})`);
    } else {
      const e = c.after;
      out.push(`  ~ reworded  ${codesOf(e)}  [${e.catalog}]  ${e.id}  (${e.source.file}:${e.source.line})`);
      for (const f of c.fields) {
        if (f.field === 'id') out.push(`      id: ${f.before} -> ${f.after} (card buttons that carry the old id answer that the entry is gone)`);
        else if (f.field === 'phrase' || f.field === 'docUrl' || f.field === 'origin' || f.field === 'fixOn' || f.field === 'resultCategory' || f.field === 'callbackEvent') {
          out.push(`      ${f.field}: ${quote(f.before)} -> ${quote(f.after)}`);
        } else {
          out.push(`      ${f.field}:`, ...lineDiff(f.before, f.after).map((l) => `        ${l}`));
        }
      }
    }
  }
  return out;
}
