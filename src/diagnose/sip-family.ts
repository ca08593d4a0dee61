// The documented Microsoft codes that come with one SIP code ("Microsoft documents 19 codes with
// SIP 403"). One definition for every place that counts or lists them: the SIP card, the inferred
// card, the CLI text and the message extension. A code is counted once however many catalogs or
// phrase variants document it; generic rows (a status code and its name, no Microsoft code) are
// not codes.
import { FEATURED_PAIRS } from '../kb/featured';
import type { Kb } from '../kb/load';
import type { KbEntry } from '../kb/types';
import { CATALOG_PRIORITY } from './types';

/** Every entry of the codes with this SIP code, in the order of codesWithSipCode. */
export function entriesOfCodesWithSip(kb: Kb, sipCode: number): readonly KbEntry[] {
  let bySip = flatCache.get(kb);
  if (!bySip) flatCache.set(kb, (bySip = new Map()));
  let entries = bySip.get(sipCode);
  if (!entries) bySip.set(sipCode, (entries = Object.freeze(codesWithSipCode(kb, sipCode).flatMap((c) => c.entries))));
  return entries;
}
const flatCache = new WeakMap<Kb, Map<number, readonly KbEntry[]>>();

export interface CodeWithSip {
  msCode: number;
  /** Every entry of this Microsoft code with the SIP code, best catalog first. */
  entries: KbEntry[];
}

const featuredRank = (ms: number, sip: number) => {
  const i = FEATURED_PAIRS.findIndex(([m, s]) => m === ms && s === sip);
  return i < 0 ? FEATURED_PAIRS.length : i;
};
const catalogRank = (e: KbEntry) => CATALOG_PRIORITY.indexOf(e.catalog);

/** Per knowledge base (immutable once loaded), per SIP code. */
const cache = new WeakMap<Kb, Map<number, readonly CodeWithSip[]>>();

/** The codes admins look up most first, then by catalog (Teams Direct Routing first), then by number. */
export function codesWithSipCode(kb: Kb, sipCode: number): readonly CodeWithSip[] {
  let bySip = cache.get(kb);
  if (!bySip) cache.set(kb, (bySip = new Map()));
  let codes = bySip.get(sipCode);
  if (!codes) bySip.set(sipCode, (codes = Object.freeze(group(kb, sipCode))));
  return codes;
}

function group(kb: Kb, sipCode: number): CodeWithSip[] {
  const groups = new Map<number, KbEntry[]>();
  // An entry with a slip in its source is listed under both its codes: count it once.
  for (const e of new Set(kb.withSipCode(sipCode))) {
    if (e.msCode === null) continue;
    groups.set(e.msCode, [...(groups.get(e.msCode) ?? []), e]);
  }
  return [...groups]
    .map(([msCode, entries]) => ({ msCode, entries: [...entries].sort((a, b) => catalogRank(a) - catalogRank(b)) }))
    .sort(
      (a, b) =>
        featuredRank(a.msCode, sipCode) - featuredRank(b.msCode, sipCode) ||
        catalogRank(a.entries[0]!) - catalogRank(b.entries[0]!) ||
        a.msCode - b.msCode,
    );
}

/** "Microsoft documents 19 codes with SIP 403" */
export function codesWithSipTitle(count: number, sipCode: number): string {
  return `Microsoft documents ${count} code${count === 1 ? '' : 's'} with SIP ${sipCode}`;
}

/** What the Teams Direct Routing pages say of the codes that come with one SIP code. */
export interface TeamsAnswers {
  /** The documented Microsoft codes with this SIP code, in the order of codesWithSipCode. */
  codes: number[];
  /** Every one of them has this origin side, when they agree. */
  side?: KbEntry['origin']['side'];
  /** Every one of them has this party to act, when they agree. */
  party?: KbEntry['fixOn']['party'];
}

const teamsCache = new WeakMap<Kb, Map<number, TeamsAnswers>>();

/** The Teams Direct Routing codes documented with this SIP code, and the origin and party they share, if any. */
export function teamsAnswersOf(kb: Kb, sipCode: number): TeamsAnswers {
  let bySip = teamsCache.get(kb);
  if (!bySip) teamsCache.set(kb, (bySip = new Map()));
  let answers = bySip.get(sipCode);
  if (!answers) {
    const entries = codesWithSipCode(kb, sipCode).flatMap((c) => c.entries.filter((e) => e.catalog === 'teams-direct-routing'));
    const sides = new Set(entries.map((e) => e.origin.side));
    const parties = new Set(entries.map((e) => e.fixOn.party));
    answers = { codes: [...new Set(entries.map((e) => e.msCode!))] };
    if (sides.size === 1) answers.side = [...sides][0];
    if (parties.size === 1) answers.party = [...parties][0];
    bySip.set(sipCode, answers);
  }
  return answers;
}
