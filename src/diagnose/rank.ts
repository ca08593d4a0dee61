// Which documented entry comes first when several match the codes: the catalog the text's context
// names (a Teams report, an ACS log) before anything else, then the distinctive words of the
// pasted phrase, then the catalogs' own order and the codes admins look up most.
//
// Only distinctive words choose. The words of the generic SIP reason phrases ("Not Found",
// "Server Internal Error", "Request Timeout" ...: every reason phrase in SIP Doc's SIP table)
// choose nothing: a report's "Final SIP Phrase" column holds them for every code. The other words
// weigh by how rare they are among the candidates (inverse document frequency), so a word that
// every variant shares weighs nothing and the one word that sets a variant apart weighs most.
import { isFeatured } from '../kb/featured';
import { SIP_CODES } from '../kb/knowledge/sip-codes';
import { tokenize, type Kb } from '../kb/load';
import type { Catalog, KbEntry } from '../kb/types';
import { CATALOG_PRIORITY, type Diagnosis } from './types';

export type TextContext = Diagnosis['input']['context'];

/**
 * Words that say nothing about which variant was meant: the SIP reason phrases, and "BYE", which
 * the usage report puts in its phrase column for a call the far end hung up.
 */
export const GENERIC_PHRASE_WORDS: ReadonlySet<string> = new Set([...SIP_CODES.flatMap((c) => tokenize(c.reason)), 'bye']);

/** The pasted words that can choose among documented variants. */
export function distinctiveWords(phrase: string | undefined): Set<string> {
  return new Set(phrase ? tokenize(phrase).filter((w) => !GENERIC_PHRASE_WORDS.has(w)) : []);
}

const ACS_CATALOGS = new Set<Catalog>(['acs-pstn', 'acs-call-end', 'acs-calling-sdk', 'acs-call-automation', 'acs-chat', 'acs-sms']);

/**
 * 0 for a catalog the context names, 1 for the others; 0 for every catalog when the context is
 * unknown. A paste whose shape names one table (`prefer`) puts that table first: a Graph calling
 * paste (resultInfo, DiagCode) Graph's call end reasons, whatever else its words say; an ACS
 * Calling SDK paste the SDK's error table, a Call Automation event the Call Automation table, then
 * the rest of ACS.
 */
export function contextRank(catalog: Catalog, context: TextContext, prefer?: Catalog): number {
  if (prefer) return catalog === prefer ? 0 : 1 + contextRank(catalog, prefer === 'graph-call-end' ? context : 'acs');
  if (context === 'teams') return catalog === 'teams-direct-routing' ? 0 : 1;
  if (context === 'acs') return ACS_CATALOGS.has(catalog) ? 0 : 1;
  return 0;
}

/**
 * The distinctive words of an entry's phrase (its words less the generic ones), once per entry: the
 * only words that can score, since the pasted words are distinctive too. An array, not a set: it is
 * walked on every ranking.
 */
const entryWords = new WeakMap<KbEntry, readonly string[]>();
export function distinctiveWordsOf(kb: Kb, e: KbEntry): readonly string[] {
  let words = entryWords.get(e);
  if (!words) entryWords.set(e, (words = [...kb.phraseTokens(e)].filter((w) => !GENERIC_PHRASE_WORDS.has(w))));
  return words;
}

/**
 * How much of each entry's phrase the pasted words name, weighted by rarity among the candidates:
 * the sum, over the pasted words the entry's phrase has, of ln(candidates / candidates with the word).
 */
export function phraseScores(kb: Kb, entries: readonly KbEntry[], pasted: ReadonlySet<string>): number[] {
  if (pasted.size === 0) return entries.map(() => 0);
  const df = new Map<string, number>();
  for (const e of entries) for (const w of distinctiveWordsOf(kb, e)) if (pasted.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = entries.length;
  return entries.map((e) => {
    let score = 0;
    for (const w of distinctiveWordsOf(kb, e)) {
      const d = df.get(w);
      if (d) score += Math.log(n / d);
    }
    return score;
  });
}

/**
 * How closely the pasted words and the entry's phrase overlap (Jaccard over distinctive words): the
 * tie-break when rarity weighs the candidates alike, so a message pasted word for word ("Timeout –
 * user did not accept or reject in time.") picks the entry that says exactly that over a longer one
 * that shares its words.
 */
function overlap(kb: Kb, e: KbEntry, pasted: ReadonlySet<string>): number {
  const own = distinctiveWordsOf(kb, e);
  let shared = 0;
  for (const w of own) if (pasted.has(w)) shared++;
  // Overlap tells apart a phrase pasted (nearly) word for word; when most of the entry's own words
  // are not in the paste, it would only favour the shortest phrase.
  if (shared * 2 < own.length) return 0;
  const union = own.length + pasted.size - shared;
  return union ? shared / union : 0;
}

const CATALOG_INDEX = new Map(CATALOG_PRIORITY.map((c, i) => [c, i]));

/** The entries, best first. */
export function rankEntries(kb: Kb, entries: readonly KbEntry[], phrase: string | undefined, context: TextContext, prefer?: Catalog): KbEntry[] {
  if (entries.length <= 1) return [...entries];
  const pasted = distinctiveWords(phrase);
  if (pasted.size) return ranked(kb, entries, pasted, context, prefer);
  // Without words the order depends only on the entries and the context: ranked once per list
  // (the knowledge base's lists are frozen and kept), copied because callers may cut it.
  let byContext = unworded.get(entries);
  if (!byContext) unworded.set(entries, (byContext = new Map()));
  const key = `${context}/${prefer ?? ''}`;
  let order = byContext.get(key);
  if (!order) byContext.set(key, (order = ranked(kb, entries, pasted, context, prefer)));
  return [...order];
}
const unworded = new WeakMap<readonly KbEntry[], Map<string, KbEntry[]>>();

function ranked(kb: Kb, entries: readonly KbEntry[], pasted: Set<string>, context: TextContext, prefer: Catalog | undefined): KbEntry[] {
  const scores = pasted.size ? phraseScores(kb, entries, pasted) : undefined;
  return entries
    .map((e, i) => ({
      e,
      i,
      c: contextRank(e.catalog, context, prefer),
      p: scores ? scores[i]! : 0,
      o: scores ? overlap(kb, e, pasted) : 0,
      k: CATALOG_INDEX.get(e.catalog)!,
      f: isFeatured(e.msCode, e.sipCode) ? 0 : 1,
    }))
    .sort((a, b) => a.c - b.c || b.p - a.p || b.o - a.o || a.k - b.k || a.f - b.f || a.i - b.i)
    .map((x) => x.e);
}
