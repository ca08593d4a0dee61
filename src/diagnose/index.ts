// diagnose(): pasted text -> Diagnosis. A pure function of the text and the knowledge base; it
// knows nothing of Teams, HTTP or cards.
import { defaultKb, type Kb } from '../kb/load';
import type { Side } from '../kb/types';
import { detectAcsCallingSdk, detectCallAutomation, detectContext, detectGraphCalling, pastedResultCategory, succeededEvent } from './context';
import { extractFromPlain } from './extract';
import { absorbHalves, RECORD_FORMATS } from './halves';
import { normalizeText } from './normalize';
import { mergeSplitPairs } from './pairs';
import { distinctiveWords, distinctiveWordsOf } from './rank';
import { resolveMention } from './resolve';
import { sdkMessageWithCode, sdkMessageWithoutCode } from './sdk-message';
import type { Diagnosis, Finding, Mention, PairCount, SearchHit, Summary } from './types';
import { WORDS_MAX_CHARS, wordsReader } from './words-reader';

export type { Diagnosis, Finding, Mention, Summary } from './types';

/** Distinct findings returned; the summary still counts every mention. */
export const MAX_FINDINGS = 200;
/** A paste with this many mentions (or distinct findings) also gets a summary. */
const SUMMARY_MIN_MENTIONS = 5;
const SUMMARY_MIN_FINDINGS = 4;
/** Word search is for questions, not for logs: only a text this short is searched. */
const SEARCH_MAX_CHARS = 2000;
const SEARCH_MAX_LINES = 6;

/** What besides the codes decides a resolution: a trace's sender and Reason text, the words of the prose. */
function evidenceKey(m: Mention): string {
  const t = m.trace;
  if (t) return `/trace:${t.sender}:${t.request?.method ?? ''}:${t.request?.sender ?? ''}:${t.reasonText ?? ''}:${t.relayedFrom ? 'relayed' : ''}:${t.flow.length ? m.line : ''}`;
  return m.said ? `/said:${m.said.side}` : '';
}

/** Words that follow a code name its own phrase when they hold two of a documented phrase's distinctive words (or its only one). */
function namesOwnPhrase(kb: Kb, msCode: number, words: string): boolean {
  const pasted = distinctiveWords(words);
  if (pasted.size === 0) return false;
  return kb.withMsCode(msCode).some((e) => {
    const own = distinctiveWordsOf(kb, e);
    const shared = own.filter((w) => pasted.has(w)).length;
    return shared >= Math.min(2, own.length) && shared > 0;
  });
}

export function diagnose(text: string, kb: Kb = defaultKb()): Diagnosis {
  const pasted = typeof text === 'string' ? text : '';
  const input = normalizeText(pasted);
  const isKnownPair = (ms: number, sip: number) => kb.withPair(ms, sip).length > 0;
  const extraction = extractFromPlain(input, { isKnownMsCode: (c) => kb.hasMsCode(c), isKnownPair, namesOwnPhrase: (c, words) => namesOwnPhrase(kb, c, words) });
  const context = detectContext(input);
  const graph = detectGraphCalling(input, context);
  const sdk = !graph && input.length <= WORDS_MAX_CHARS && detectAcsCallingSdk(input, context);
  const automation = !graph && !sdk && detectCallAutomation(input, context);
  const succeeded = automation ? succeededEvent(input) : undefined;
  const mentions = mergeSplitPairs(extraction.mentions, isKnownPair);
  const wordsOf = wordsReader(input, context, kb, sdk);
  const resultCategory = pastedResultCategory(input);

  // Resolve each distinct mention once; a phrase only matters where a pair has variants.
  const byKey = new Map<string, Finding>();
  /** Findings that may restate another (not a trace's call, not a report row or an SBC record). */
  const restatable = new Map<Finding, boolean>();
  const resolved = new Map<string, { r: ReturnType<typeof resolveMention>; key: string }>();
  const order: Finding[] = [];
  for (const m of mentions) {
    const words = wordsOf(m);
    // A lone code in a Calling SDK paste: the SDK's message on its line may name the entry.
    const message = sdk && m.msCode === null && m.sipCode !== null && !m.trace && m.excerpt ? sdkMessageWithCode(kb, kb.withSipCode(m.sipCode), m.excerpt) : undefined;
    const codeKey = `${m.msCode}/${m.sipCode}/${m.q850Cause}/${m.sipDetail ?? ''}${evidenceKey(m)}/${words?.rule ?? ''}:${words?.side ?? ''}/${message?.id ?? ''}`;
    const variants = m.msCode !== null && m.sipCode !== null ? kb.withPair(m.msCode, m.sipCode).length : 0;
    const cacheKey = variants > 1 && m.phrase ? `${codeKey}/${m.phrase}` : codeKey;
    let hit = resolved.get(cacheKey);
    if (!hit) {
      const r = resolveMention(m, { kb, context, graph, sdk, automation, succeeded, resultCategory }, words, message);
      // Findings are distinct by resolved codes, by what decided their origin and, for variants, by the entry the phrase (or the SDK's message) chose.
      const phraseChose = (variants > 1 && m.phrase) || r.equivalent || message ? r.entries[0]?.id : '';
      const key = `${r.msCode}/${r.sipCode}/${r.q850Cause}/${m.sipDetail ?? ''}/${phraseChose}/${r.origin.side}/${r.origin.basis}/${r.equivalent?.msCode ?? ''}`;
      hit = { r, key };
      resolved.set(cacheKey, hit);
    }
    const { r, key } = hit;
    const existing = byKey.get(key);
    if (existing) {
      existing.count++;
      if (!existing.formats.includes(m.format)) existing.formats.push(m.format);
      continue;
    }
    // Built with Object.assign: in this V8, `{ ...r, more }` costs microseconds per call.
    const finding: Finding = Object.assign({}, r, { count: 1, firstLine: m.line, formats: [m.format] });
    if (m.excerpt) finding.excerpt = m.excerpt;
    byKey.set(key, finding);
    order.push(finding);
    restatable.set(finding, !m.trace && !RECORD_FORMATS.has(m.format));
  }

  // Failures first, in the order they appear; normal clearings after, a plain success (subcode 0)
  // after the clearings that say how the call ended (7000/200 after an action's 0/200).
  const whole = absorbHalves(order, restatable);
  const clearing = whole.filter((f) => f.origin.side === 'none');
  const findings = [...whole.filter((f) => f.origin.side !== 'none'), ...clearing.filter((f) => f.msCode !== 0), ...clearing.filter((f) => f.msCode === 0)];
  const diagnosis: Diagnosis = {
    input: {
      chars: pasted.length,
      lines: extraction.lines,
      linesRead: extraction.linesRead,
      truncated: extraction.truncated,
      context,
      ...(extraction.csvRows !== undefined ? { csvRows: extraction.csvRows } : {}),
    },
    findings: findings.slice(0, MAX_FINDINGS),
    search: findings.length === 0 && !extraction.traced ? searchWords(input, extraction.questionLines, kb, sdk) : [],
  };
  if (mentions.length >= SUMMARY_MIN_MENTIONS || findings.length >= SUMMARY_MIN_FINDINGS) {
    diagnosis.summary = summarize(findings, mentions.length);
  }
  return diagnosis;
}

/**
 * The entries a paste with no code is about: a Calling SDK message the paste holds (sdk-message.ts,
 * read in a console excerpt or stack too, up to WORDS_MAX_CHARS), then the word search (a question
 * or a message: a short text only).
 */
function searchWords(input: string, lines: number, kb: Kb, sdk: boolean): SearchHit[] {
  const searchable = input.length <= SEARCH_MAX_CHARS && lines <= SEARCH_MAX_LINES;
  const hits = searchable ? withQuotedFirst(wordForWordFirst(kb.search(input), input), input, kb) : [];
  if (searchable && hits.length === 0) hits.push(...sentenceHits(input, kb));
  const message = sdk ? sdkMessageWithoutCode(kb, input) : undefined;
  if (!message) return hits;
  return [{ entry: message.entry, score: message.score }, ...hits.filter((h) => h.entry !== message.entry)];
}

/** A line, or a sentence of one. */
const SENTENCE_END = /[.?!\u3002\uff1f\uff01](?:\s|$)|\n/;
const MAX_SENTENCES = 12;

/**
 * When the whole text finds nothing, its sentences one by one: "Hi all, any idea? Thanks" around
 * "No viable path" are words the documented phrase does not have, and they outnumber its own.
 */
function sentenceHits(input: string, kb: Kb): SearchHit[] {
  const sentences = input.split(SENTENCE_END).filter((s) => s.trim() !== '');
  if (sentences.length < 2) return [];
  const hits: SearchHit[] = [];
  for (const sentence of sentences.slice(0, MAX_SENTENCES)) {
    for (const h of wordForWordFirst(kb.search(sentence), sentence)) if (!hits.some((k) => k.entry === h.entry)) hits.push(h);
  }
  return hits;
}

/** An error message quoted in a question: `run into error "Callee could not be reached"`. */
const QUOTED = /["\u201c`]([^"\u201c\u201d`\n]{8,200})["\u201d`]/g;
/** How many quoted messages of one question are searched. */
const MAX_QUOTED = 3;

/**
 * The entries a quoted error message names, before those of the whole question: the question's
 * other words ("my bot cannot answer calls ... since last week") say nothing about which error it is.
 */
function withQuotedFirst(hits: SearchHit[], input: string, kb: Kb): SearchHit[] {
  const quoted: SearchHit[] = [];
  let n = 0;
  for (const m of input.matchAll(QUOTED)) {
    if (++n > MAX_QUOTED) break;
    for (const h of wordForWordFirst(kb.search(m[1]!), m[1]!)) if (!quoted.some((q) => q.entry === h.entry)) quoted.push(h);
  }
  return quoted.length ? [...quoted, ...hits.filter((h) => !quoted.some((q) => q.entry === h.entry))] : hits;
}

/**
 * Search hits whose documented phrase holds the pasted words in order, word for word ("trunk config
 * not found" in "... RuntimeApi trunk config not found for customer"), before those that only share
 * the words: a pasted message names the entry it was copied from.
 */
function wordForWordFirst(hits: SearchHit[], input: string): SearchHit[] {
  const pasted = plainWords(input);
  if (pasted.split(' ').length < 2 || hits.length < 2) return hits;
  const exact = hits.filter((h) => ` ${plainWords(h.entry.phrase)} `.includes(` ${pasted} `));
  return exact.length && exact.length < hits.length ? [...exact, ...hits.filter((h) => !exact.includes(h))] : hits;
}

const plainWords = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');

/**
 * A diagnosis of known codes, for a card button ("explain 510559/403") or a lookup: the same
 * resolution as for pasted text, without reading any text.
 */
export function explainCodes(msCode: number | null, sipCode: number | null, kb: Kb = defaultKb()): Diagnosis {
  const r = resolveMention({ msCode, sipCode, q850Cause: null, format: 'single', line: 1 }, { kb, context: 'unknown' });
  return {
    input: { chars: 0, lines: 0, linesRead: 0, truncated: false, context: 'unknown' },
    findings: [{ ...r, count: 1, firstLine: 1, formats: ['single'] }],
    search: [],
  };
}

/** A finding's one-line title: its documented phrase, else what its SIP code or Q.850 cause means. */
export function findingTitle(f: Finding): string {
  const top = f.entries[0];
  if (top && (f.match === 'pair' || f.match === 'ms-code')) return top.phrase;
  if (f.sip) return f.sip.reason;
  if (f.q850) return f.q850.name;
  return f.msCode !== null ? 'Microsoft code not in the published tables' : 'Unknown code';
}

function summarize(findings: Finding[], mentions: number): Summary {
  const byPair: PairCount[] = findings
    .map((f) => ({
      msCode: f.msCode,
      sipCode: f.sipCode,
      q850Cause: f.q850Cause,
      phrase: findingTitle(f),
      side: f.origin.side,
      count: f.count,
    }))
    .sort((a, b) => b.count - a.count);
  const sides = new Map<Side, number>();
  for (const f of findings) sides.set(f.origin.side, (sides.get(f.origin.side) ?? 0) + f.count);
  return {
    mentions,
    distinct: findings.length,
    byPair,
    bySide: [...sides].map(([side, count]) => ({ side, count })).sort((a, b) => b.count - a.count),
  };
}
