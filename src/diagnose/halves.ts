// One failure, one finding: halves of a pair and restatements counted in the finding they restate.
import { sipCodeInfo } from '../kb/knowledge/sip-codes';
import { prefixOf } from '../kb/origin';
import type { Finding, Mention } from './types';

/** Formats whose every mention is a call of its own: a report row, an SBC record, a trace's final response. */
export const RECORD_FORMATS: ReadonlySet<Mention['format']> = new Set(['csv', 'cdr', 'sip']);

const isHalf = (f: Finding) => f.q850Cause === null && !f.sipCodeImplied && (f.msCode === null) !== (f.sipCode === null);
const isPair = (f: Finding) => f.msCode !== null && f.sipCode !== null;

/**
 * One failure, one finding. A paste that gives a pair (549002 / 504) often repeats its halves on
 * lines of their own (a translated page's "Microsoft response code: 549002" and "SIP response
 * code: 504", a DiagCode repeating the subcode): such a lone Microsoft code or lone SIP code is
 * counted in the pair's finding. Likewise the same codes pasted again with nothing of their own
 * (no words or trace saying who answered, no phrase choosing another documented variant) are
 * counted in the finding that has them.
 *
 * A half stays a finding of its own when it may be another failure:
 * - more than one pair of the paste has that code and the half comes after one of them ("403 510559
 *   on some calls, 403 510562 on others, and a plain 403 on the rest"), unless exactly one of them
 *   is on the half's own line,
 * - it is a call of its own (a trace's final response with its call flow, a report row, an SBC record),
 * - what answered it, read from the words or a trace, is not the pair's origin (a 404 "from the
 *   PSTN provider" beside 511404 / 404, which Microsoft generated, is the carrier's failure).
 * A "SIP code" that is no registered SIP response but the first three digits of a pasted
 * Microsoft code ("if the code starts with 560 ... 560403") is that code talked about.
 * The finding takes the place of whichever part came first.
 */
export function absorbHalves(order: Finding[], restatable: ReadonlyMap<Finding, boolean>): Finding[] {
  // One finding has nothing to count it in (most short queries: no indexes built for them).
  if (order.length < 2) return order;
  // Indexes, so that a log with thousands of distinct codes costs one pass.
  const position = new Map(order.map((f, i) => [f, i]));
  const byCodes = groupBy(order, codesOf);
  const pairs = order.filter(isPair);
  const pairsByMs = groupBy(pairs, (p) => String(p.msCode));
  const pairsBySip = groupBy(pairs, (p) => String(p.sipCode));
  const firstByPrefix = new Map<number, Finding>();
  for (const f of order) {
    const prefix = prefixOf(f.msCode);
    if (prefix !== undefined && !firstByPrefix.has(prefix)) firstByPrefix.set(prefix, f);
  }
  const into = new Map<Finding, Finding>();
  for (const f of order) {
    if (!restatable.get(f)) continue;
    const evidence = hasEvidence(f);
    let target: Finding | undefined;
    if (isHalf(f)) {
      const same = (f.msCode !== null ? pairsByMs.get(String(f.msCode)) : pairsBySip.get(String(f.sipCode))) ?? [];
      const sameLine = same.filter((p) => p.firstLine === f.firstLine);
      if (same.length && same.every((p) => codesOf(p) === codesOf(same[0]!))) target = same[0];
      // Several pairs have the code, one of them on the half's own line: the line restates its pair
      // ("| 503 + Microsoft response code 560503 | The SBC returned the 503 ... |").
      else if (sameLine.length === 1) target = sameLine[0];
      // A SIP code named before every pair that has it is the topic they detail ("SIP response
      // code 408" over 1106 / 408 and 500001 / 408; "A 408 error ... the code paired with 408").
      // (The pairs are in paste order: the first of them comes after it.)
      else if (same.length && f.msCode === null && position.get(same[0]!)! > position.get(f)!) target = same[0];
      // "starts with 560 ... 560403": an unregistered SIP code that is a pasted code's prefix is that code talked about.
      else if (f.msCode === null && !sipCodeInfo(f.sipCode!)) target = firstByPrefix.get(f.sipCode!);
    }
    if (!target && !evidence) {
      // The same codes again: counted in the one with evidence, else in the first. A phrase that
      // chose another documented variant (two of the seven 569002 / 504) keeps its own finding.
      const same = byCodes.get(codesOf(f))!.filter((g) => g !== f && !into.has(g) && (!f.phrase || g.entries[0]?.id === f.entries[0]?.id));
      target = same.find(hasEvidence) ?? same.find((g) => position.get(g)! < position.get(f)!);
    }
    if (!target) continue;
    if (evidence && f.origin.side !== target.origin.side) continue;
    into.set(f, target);
  }
  if (!into.size) return order;
  const out: Finding[] = [];
  const placed = new Set<Finding>();
  for (const f of order) {
    let t = f;
    while (into.has(t)) t = into.get(t)!;
    if (t !== f) {
      t.count += f.count;
      t.firstLine = Math.min(t.firstLine, f.firstLine);
      for (const fmt of f.formats) if (!t.formats.includes(fmt)) t.formats.push(fmt);
    }
    if (!placed.has(t)) {
      placed.add(t);
      out.push(t);
    }
  }
  return out;
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const group = out.get(k);
    if (group) group.push(t);
    else out.set(k, [t]);
  }
  return out;
}

const codesOf = (f: Finding) => `${f.msCode}/${f.sipCode}/${f.q850Cause}`;
/** Words or a trace say who answered it. */
const hasEvidence = (f: Finding) => f.origin.basis === 'prose' || f.origin.basis === 'trace';
