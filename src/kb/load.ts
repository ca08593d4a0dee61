// Loads kb/kb.json and builds the lookups diagnose() needs: by code pair, by Microsoft code,
// by SIP code, by id, and a full-text index (MiniSearch) built on first use.
import * as fs from 'node:fs';
import MiniSearch from 'minisearch';
import { KB_FILE } from './paths';
import { CATALOG_LABELS, type KbEntry, type KnowledgeBase } from './types';

const STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from get got getting has have how i in is it its me mean means meaning my of on or our please the this to was we what when where which why with you your error code codes call calls failed failing failure'.split(
    ' ',
  ),
);

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

  /** Ranked full-text search over phrases, descriptions and actions. */
  search(text: string, limit = 8): Array<{ entry: KbEntry; score: number }> {
    const terms = tokenize(text);
    if (terms.length === 0) return [];
    const query = terms.join(' ');
    const index = this.searchIndex();
    let hits = index.search(query, { combineWith: 'AND' });
    if (hits.length === 0) hits = index.search(query, { combineWith: 'OR' });
    return hits.slice(0, limit).map((h) => ({ entry: this.byId.get(h.id as string)!, score: h.score }));
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
