// Diagnosis -> Adaptive Cards. The templates in cards/ are expanded with adaptivecards-templating;
// what depends only on the knowledge base (an entry's card, an unlisted code's card) is expanded
// once and reused, because one expansion costs more than the rest of a turn. What depends on the
// pasted text (where it was found, the excerpt) is added per turn as element values into the
// card's "turn" container, never through the template engine, so `${...}` in it stays literal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { codesWithSipCode } from '../diagnose/sip-family';
import type { Diagnosis, Finding, SearchHit } from '../diagnose/types';
import type { Kb } from '../kb/load';
import { CARDS_DIR } from '../kb/paths';
import { PARTY_LABELS, SIDE_LABELS, type KbEntry } from '../kb/types';
import { cut } from '../diagnose/read/text';
import { codeLabel, headline } from '../report/labels';
import { entryView, inferredView, searchView, sipOnlyView, welcomeView } from './views';
import { reportFromDiagnosis } from '../diagnose/report';
import { summaryView } from './report';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; body: unknown[] };
export type CardName = 'code' | 'inferred' | 'sip' | 'summary' | 'search' | 'welcome' | 'report-page';

/** Teams shows at most 10 cards in a carousel. */
export const MAX_CARDS = 10;
/** Longest excerpt of the pasted line shown on a card. */
const EXCERPT_CHARS = 300;

const templates = new Map<CardName, Template>();

export function expandCard(name: CardName, data: object): AdaptiveCard {
  let t = templates.get(name);
  if (!t) {
    t = new Template(JSON.parse(fs.readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, t);
  }
  return t.expand({ $root: data }) as AdaptiveCard;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A small least-recently-used cache for cards of codes the KB does not list. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string, make: () => V): V {
    let v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
    } else {
      v = make();
      if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    }
    this.map.set(key, v);
    return v;
  }
}

const entryCards = new Map<string, AdaptiveCard>();
const inferredCards = new Lru<AdaptiveCard>(500);
const sipCards = new Lru<AdaptiveCard>(500);
let welcome: AdaptiveCard | undefined;

/** The card of one KB entry, expanded once per process. Frozen: callers copy, never mutate. */
const siblingsOf = (entry: KbEntry, kb: Kb) => (entry.msCode !== null && entry.sipCode !== null ? kb.withPair(entry.msCode, entry.sipCode) : []);

export function entryCard(entry: KbEntry, kb: Kb): AdaptiveCard {
  let card = entryCards.get(entry.id);
  if (!card) {
    card = deepFreeze(expandCard('code', entryView(entry, siblingsOf(entry, kb))));
    entryCards.set(entry.id, card);
  }
  return card;
}

export function welcomeCard(): AdaptiveCard {
  welcome ??= deepFreeze(expandCard('welcome', welcomeView()));
  return welcome;
}

export function searchCard(hits: readonly SearchHit[], title: string): AdaptiveCard {
  return expandCard('search', searchView(hits, title));
}

/** Elements for the "turn" container: notes and where the codes were found. Plain values only. */
function turnElements(f: Finding, input: Diagnosis['input'], includeSlip: boolean): unknown[] {
  const items: unknown[] = [];
  const notes = f.notes.filter((n) => includeSlip || !f.entries[0]?.slip || n !== f.entries[0].slip.note);
  if (f.sipCodeImplied) notes.unshift(`SIP ${f.sipCode} is read from the last three digits of ${f.msCode}.`);
  for (const note of notes) items.push({ type: 'TextBlock', text: note, wrap: true, size: 'Small', color: 'Warning' });
  const multiLine = input.lines > 1 || input.chars > 80;
  if (multiLine || f.count > 1) {
    const where = f.count > 1 ? `Found ${f.count.toLocaleString('en-US')} times in your paste, first on line ${f.firstLine}.` : `Found on line ${f.firstLine} of your paste.`;
    items.push({ type: 'TextBlock', text: where, wrap: true, size: 'Small', isSubtle: true, spacing: 'Small' });
  }
  if (multiLine && f.excerpt) {
    // A TextRun shows text as is: no markdown, no template expressions.
    const excerpt = f.excerpt.length > EXCERPT_CHARS ? `${cut(f.excerpt, EXCERPT_CHARS)}…` : f.excerpt;
    items.push({ type: 'RichTextBlock', spacing: 'None', inlines: [{ type: 'TextRun', text: excerpt, fontType: 'Monospace', size: 'Small' }] });
  }
  items.push(...evidenceElements(f));
  return items;
}

const plain = (text: string, more: Record<string, unknown> = {}) => ({ type: 'TextRun', text, ...more });

/** What a trace (or the words of the paste) showed: who answered, the equivalent code, who must act, the call flow. */
function evidenceElements(f: Finding): unknown[] {
  const items: unknown[] = [];
  const o = f.origin;
  if (o.basis === 'trace' || o.basis === 'prose') {
    const title = o.basis === 'trace' ? `Who answered, read from your trace: ${SIDE_LABELS[o.side]}` : `Who answered, by your description: ${SIDE_LABELS[o.side]}`;
    items.push({ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Small', wrap: true, spacing: 'Medium' });
    items.push({ type: 'RichTextBlock', spacing: 'None', inlines: [plain(o.reason, { size: 'Small' })] });
  }
  if (f.equivalent) {
    const e = f.equivalent;
    items.push({ type: 'TextBlock', text: `Teams would log this call as ${e.msCode} / ${e.sipCode}`, weight: 'Bolder', size: 'Small', wrap: true, spacing: 'Small' });
    items.push({ type: 'RichTextBlock', spacing: 'None', inlines: [plain(e.reason, { size: 'Small', isSubtle: true })] });
  }
  if (f.fixOn.basis === 'trace') {
    items.push({ type: 'TextBlock', text: `Fix on: ${PARTY_LABELS[f.fixOn.party]}`, weight: 'Bolder', size: 'Small', wrap: true, spacing: 'Small' });
    items.push({ type: 'RichTextBlock', spacing: 'None', inlines: [plain(f.fixOn.reason, { size: 'Small' })] });
  }
  if (f.flow && f.flow.length) {
    items.push({ type: 'TextBlock', text: 'Call flow', weight: 'Bolder', size: 'Small', spacing: 'Medium' });
    for (const row of f.flow) {
      // Hosts and phrases come from the paste: TextRuns only.
      const inlines = [plain(`${row.from} → ${row.to}  `, { fontType: 'Monospace', size: 'Small', isSubtle: !row.final }), plain(row.what, { fontType: 'Monospace', size: 'Small', ...(row.final ? { weight: 'Bolder' } : {}) })];
      if (row.final) inlines.push(plain('  ◀ final response', { size: 'Small', weight: 'Bolder', color: 'Attention' }));
      items.push({ type: 'RichTextBlock', spacing: 'None', inlines });
    }
  }
  return items;
}

/** A copy of a cached card with its "turn" container filled (or dropped when there is nothing to say). */
export function withTurn(card: AdaptiveCard, items: unknown[]): AdaptiveCard {
  const body = card.body.flatMap((el) => {
    if ((el as { id?: string }).id !== 'turn') return [el];
    return items.length ? [Object.assign({}, el, { items })] : [];
  });
  return Object.assign({}, card, { body });
}

/** Cards of entries whose finding says who must act differently from the entry (evidence from a trace). */
const overriddenCards = new Lru<AdaptiveCard>(500);

export function findingCard(f: Finding, input: Diagnosis['input'], kb: Kb): AdaptiveCard {
  const top = f.entries[0];
  if ((f.match === 'pair' || f.match === 'ms-code') && top) {
    // The pasted code can say otherwise than the entry: who must act (a trace), or that it is no failure (200 / 8515).
    const sameFixOn = f.fixOn.rule === top.fixOn.rule && f.fixOn.basis === top.fixOn.basis;
    // (An origin read from a trace or the words has its own block below the entry.)
    const sameOrigin = f.origin === top.origin || f.origin.basis === 'trace' || f.origin.basis === 'prose';
    const card =
      sameFixOn && sameOrigin
        ? entryCard(top, kb)
        : overriddenCards.get(`${top.id}/${f.fixOn.basis}/${f.fixOn.rule}/${f.fixOn.party}/${sameOrigin ? '' : `${f.origin.side}/${f.origin.basis}/${f.sipCode}`}`, () =>
            deepFreeze(expandCard('code', entryView(top, siblingsOf(top, kb), f.fixOn, sameOrigin ? top.origin : f.origin))),
          );
    return withTurn(card, turnElements(f, input, false));
  }
  const codes = f.sipCode !== null ? codesWithSipCode(kb, f.sipCode) : [];
  if (f.match === 'sip-code') {
    const card = sipCards.get(`${f.sipCode}/${f.q850Cause}/${f.fixOn.rule}`, () => deepFreeze(expandCard('sip', sipOnlyView(f, codes))));
    return withTurn(card, turnElements(f, input, true));
  }
  const key = `${f.msCode}/${f.sipCode}/${f.q850Cause}/${f.origin.side}/${f.fixOn.rule}`;
  const card = inferredCards.get(key, () => deepFreeze(expandCard('inferred', inferredView({ ...f, notes: [] }, codes))));
  return withTurn(card, turnElements(f, input, true));
}

/** The summary of a long paste: the report over its findings (who must act, every distinct failure). */
export function summaryCard(d: Diagnosis, kb: Kb): AdaptiveCard {
  return expandCard('summary', summaryView(reportFromDiagnosis(d, { format: 'log' }), kb));
}

/**
 * The cards answering a diagnosis: for a long paste the summary first (the one card every client
 * shows, and the way to every distinct failure), then one card per finding, at most 10 in all.
 */
export function cardsForDiagnosis(d: Diagnosis, kb: Kb): AdaptiveCard[] {
  if (d.findings.length === 0) {
    const title = d.search.length
      ? 'No code found in your message. These documented entries match its words:'
      : 'No code found in your message, and no documented error matches its words.';
    return [searchCard(d.search, title)];
  }
  const room = d.summary ? MAX_CARDS - 1 : MAX_CARDS;
  const cards = d.findings.slice(0, room).map((f) => findingCard(f, d.input, kb));
  return d.summary ? [summaryCard(d, kb), ...cards] : cards;
}

/** Plain-text fallback for notifications and clients that show no cards. */
export function summaryText(d: Diagnosis): string {
  if (d.findings.length === 0) return 'SIP Doc: no code found in your message.';
  const first = d.findings[0]!;
  const what = headline(first);
  const codes = codeLabel(first);
  return d.findings.length === 1 ? `SIP Doc: ${codes}: ${what}` : `SIP Doc: ${d.findings.length} codes found; first ${codes}: ${what}`;
}
