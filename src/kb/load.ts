// Loads kb/kb.json and builds the lookups diagnose() needs: by code pair, by Microsoft code,
// by SIP code, by id, and a full-text index (MiniSearch) built on first use.
import * as fs from 'node:fs';
import MiniSearch from 'minisearch';
import { KB_FILE } from './paths';
import { CATALOG_LABELS, type KbEntry, type KnowledgeBase } from './types';

/** A ranked entry (the same shape as Diagnosis.search's hits). */
interface SearchHit {
  entry: KbEntry;
  score: number;
}

// Words that say nothing about which error is meant: a common English stop-word list (the one
// NLTK ships), then the words every question here carries. Negations are in it on purpose:
// "trunk config not found" and "no trunk config found" mean the same error.
const STOP_WORDS = new Set(
  [
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself',
    'they them their theirs themselves what which who whom this that these those am is are was were be been being have has had',
    'having do does did doing a an the and but if or because as until while of at by for with about against between into through',
    'during before after above below to from up down in out on off over under again further then once here there when where why',
    'how all any both each few more most other some such no nor not only own same so than too very can will just don should now',
    'get got getting please mean means meaning error errors code codes call calls fail fails failed failing failure teams microsoft',
  ]
    .join(' ')
    .split(' '),
);

/**
 * When a word search has found what the user means: at least this share of the distinctive words
 * of the question are in the entry's phrase (the error message Microsoft documents) ...
 */
const MIN_PHRASE_COVERAGE = 2 / 3;
/**
 * ... and those words, taken together, single out few entries: the sum of ln(entries / entries
 * whose phrase has the word) reaches this. One word alone passes only when a single phrase holds
 * it. Both values come from the questions and chat messages in test/fixtures/search/.
 */
const MIN_SPECIFICITY = 5.5;

export const pairKey = (msCode: number | null, sipCode: number | null) => `${msCode ?? '-'}/${sipCode ?? '-'}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class Kb {
  readonly entries: readonly KbEntry[];
  private readonly byId = new Map<string, KbEntry>();
  private readonly byPair = new Map<string, KbEntry[]>();
  private readonly byMs = new Map<number, KbEntry[]>();
  private readonly bySip = new Map<number, KbEntry[]>();
  /** The first three digits of every documented six-digit Microsoft code (510, 560, 569, ...). */
  private readonly msFamilies = new Set<number>();
  private index?: MiniSearch<KbEntry>;
  private readonly phraseWords = new Map<string, ReadonlySet<string>>();

  constructor(kb: KnowledgeBase) {
    this.entries = kb.entries;
    for (const e of kb.entries) {
      this.byId.set(e.id, e);
      const codes = [{ msCode: e.msCode, sipCode: e.sipCode }];
      // An entry with a slip in its source is found under the stated value too.
      if (e.slip) codes.push({ ...codes[0]!, [e.slip.field]: e.slip.stated });
      for (const c of codes) {
        push(this.byPair, pairKey(c.msCode, c.sipCode), e);
        if (c.msCode !== null) push(this.byMs, c.msCode, e);
        if (c.msCode !== null && c.msCode >= 100000 && c.msCode <= 999999) this.msFamilies.add(Math.floor(c.msCode / 1000));
        if (c.sipCode !== null) push(this.bySip, c.sipCode, e);
      }
    }
  }

  byEntryId(id: string): KbEntry | undefined {
    return this.byId.get(id);
  }

  withPair(msCode: number | null, sipCode: number | null): readonly KbEntry[] {
    return this.byPair.get(pairKey(msCode, sipCode)) ?? [];
  }

  withMsCode(msCode: number): readonly KbEntry[] {
    return this.byMs.get(msCode) ?? [];
  }

  withSipCode(sipCode: number): readonly KbEntry[] {
    return this.bySip.get(sipCode) ?? [];
  }

  /** The searchable words of an entry's phrase, computed once. */
  phraseTokens(entry: KbEntry): ReadonlySet<string> {
    let words = this.phraseWords.get(entry.id);
    if (!words) {
      words = new Set(tokenize(entry.phrase));
      this.phraseWords.set(entry.id, words);
    }
    return words;
  }

  hasMsCode(msCode: number): boolean {
    return this.byMs.has(msCode);
  }

  /** Whether some documented six-digit code shares this one's first three digits. */
  hasMsFamily(msCode: number): boolean {
    return msCode >= 100000 && msCode <= 999999 && this.msFamilies.has(Math.floor(msCode / 1000));
  }

  /**
   * Ranked full-text search over phrases, descriptions and actions, as a search box uses it: the
   * list narrows as the user types, weak matches included.
   */
  rank(text: string, limit = 8): SearchHit[] {
    const terms = tokenize(text);
    if (terms.length === 0) return [];
    const query = terms.join(' ');
    const index = this.searchIndex();
    let hits = index.search(query, { combineWith: 'AND' });
    if (hits.length === 0) hits = index.search(query, { combineWith: 'OR' });
    return hits.slice(0, limit).map((h) => ({ entry: this.byId.get(h.id as string)!, score: h.score }));
  }

  /**
   * The entries a question in words is about, best first, or none: only entries whose phrase
   * holds most of the question's distinctive words, and words specific enough to mean something
   * (MIN_PHRASE_COVERAGE, MIN_SPECIFICITY). "see screenshot" or "thanks" find nothing.
   */
  search(text: string, limit = 8): SearchHit[] {
    return this.searchCandidates(text)
      .filter((c) => c.coverage >= MIN_PHRASE_COVERAGE && c.specificity >= MIN_SPECIFICITY)
      .slice(0, limit)
      .map(({ entry, score }) => ({ entry, score }));
  }

  /** Every entry matching any word of the text, ranked, with the two measures search() keeps by. */
  searchCandidates(text: string): Array<SearchHit & { coverage: number; specificity: number }> {
    const terms = [...new Set(tokenize(text))];
    if (terms.length === 0) return [];
    const index = this.searchIndex();
    // Per word, the entries whose phrase has it (with the index's own prefix and fuzzy rules).
    const inPhrase = terms.map((t) => new Set(index.search(t, { fields: ['phrase'] }).map((h) => h.id as string)));
    const weight = inPhrase.map((ids) => (ids.size ? Math.log(this.entries.length / ids.size) : 0));
    return index.search(terms.join(' '), { combineWith: 'OR' }).map((h) => {
      let found = 0;
      let specificity = 0;
      inPhrase.forEach((ids, i) => {
        if (ids.has(h.id as string)) {
          found++;
          specificity += weight[i]!;
        }
      });
      return { entry: this.byId.get(h.id as string)!, score: h.score, coverage: found / terms.length, specificity };
    });
  }

  private searchIndex(): MiniSearch<KbEntry> {
    if (this.index) return this.index;
    const index = new MiniSearch<KbEntry>({
      fields: ['phrase', 'description', 'actions', 'codes', 'catalogLabel'],
      idField: 'id',
      extractField: (e, field) => {
        if (field === 'codes') return [e.msCode, e.sipCode, e.httpStatus].filter((c) => c != null).join(' ');
        if (field === 'catalogLabel') return CATALOG_LABELS[e.catalog];
        return (e as unknown as Record<string, string>)[field] ?? '';
      },
      processTerm: (term) => {
        const t = term.toLowerCase();
        return STOP_WORDS.has(t) || t.length < 2 ? null : t;
      },
      searchOptions: {
        boost: { phrase: 4, codes: 3, description: 1.5, catalogLabel: 0.5 },
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      },
    });
    index.addAll(this.entries as KbEntry[]);
    this.index = index;
    return index;
  }
}

/** A word that says nothing about which error is meant (the search's stop words). */
export const isStopWord = (word: string): boolean => STOP_WORDS.has(word);

/** Words worth searching for: lower case, no stop words, no punctuation. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 2 && !STOP_WORDS.has(t))
    .slice(0, 32);
}

export function loadKnowledgeBase(file = KB_FILE): Kb {
  const kb = JSON.parse(fs.readFileSync(file, 'utf8')) as KnowledgeBase;
  if (!Array.isArray(kb.entries)) throw new Error(`${file} is not a SIP Doc knowledge base`);
  return new Kb(kb);
}

let shared: Kb | undefined;

/** The project's knowledge base, loaded once per process. */
export function defaultKb(): Kb {
  shared ??= loadKnowledgeBase();
  return shared;
}
