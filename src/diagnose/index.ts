// diagnose(): pasted text -> Diagnosis. A pure function of the text and the knowledge base; it
// knows nothing of Teams, HTTP or cards.
import { sipCodeInfo } from '../kb/knowledge/sip-codes';
import { defaultKb, type Kb } from '../kb/load';
import { prefixOf } from '../kb/origin';
import type { Side } from '../kb/types';
import { detectAcsCallingSdk, detectContext, detectGraphCalling } from './context';
import { extractMentions, normalizeText } from './extract';
import { resolveMention } from './resolve';
import { sdkMessageWithCode, sdkMessageWithoutCode } from './sdk-message';
import type { Diagnosis, Finding, Mention, PairCount, SearchHit, Summary } from './types';
import { httpAnswerOrigin, microsoftHttpAnswers, serviceApiAnswerOrigin, serviceApiAnswers, wordsOrigin, type WordsOrigin } from './words';

export type { Diagnosis, Finding, Mention, Summary } from './types';

/** Distinct findings returned; the summary still counts every mention. */
export const MAX_FINDINGS = 200;
/** A paste with this many mentions (or distinct findings) also gets a summary. */
const SUMMARY_MIN_MENTIONS = 5;
const SUMMARY_MIN_FINDINGS = 4;
/** Word search is for questions, not for logs: only a text this short is searched. */
const SEARCH_MAX_CHARS = 2000;
const SEARCH_MAX_LINES = 6;
/** The words around a code are read in a paste up to this size (a question, a post, a console excerpt), not in a log. */
const WORDS_MAX_CHARS = 32 * 1024;
/** A paragraph is read up to this many lines either side of the code's line. */
const PARAGRAPH_LINES = 8;

/** What besides the codes decides a resolution: a trace's sender and Reason text, the words of the prose. */
function evidenceKey(m: Mention): string {
  const t = m.trace;
  if (t) return `/trace:${t.sender}:${t.request?.method ?? ''}:${t.request?.sender ?? ''}:${t.reasonText ?? ''}:${t.relayedFrom ? 'relayed' : ''}:${t.flow.length ? m.line : ''}`;
  return m.said ? `/said:${m.said.side}` : '';
}

/** Lines apart within which a lone Microsoft code and a lone SIP code of a documented pair are read as that pair. */
const PAIR_LINES = 2;

/** Words that join two things named side by side: "403 and 510559" names two codes, not a pair. */
const CONJUNCTIONS = new Set(['and', 'or', 'und', 'oder', 'et', 'ou', 'y', 'o', 'e', 'ed']);

/** Whether, on their line, nothing but a conjunction (or punctuation) stands between the two codes. */
function joinedByConjunction(line: string | undefined, a: Mention, b: Mention): boolean {
  if (!line) return true;
  const first = String(a.msCode ?? a.sipCode);
  const second = String(b.msCode ?? b.sipCode);
  const at = numberAt(line, first, 0);
  const next = at < 0 ? -1 : numberAt(line, second, at + first.length);
  if (next < 0) return true;
  const words = line
    .slice(at + first.length, next)
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return words.every((w) => CONJUNCTIONS.has(w));
}

/** Where `code` stands as a number of its own in `line`, from `from`; -1 if it does not. */
function numberAt(line: string, code: string, from: number): number {
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = line.indexOf(code, from); i >= 0; i = line.indexOf(code, i + 1)) {
    if (!isDigit(line[i - 1]) && !isDigit(line[i + code.length])) return i;
  }
  return -1;
}

/**
 * Halves of one pair, read as that pair:
 * - "403 with subcode 510559": a bare code and a keyed code on one line;
 * - a lone Microsoft code and a lone SIP code next to each other (the same line or within
 *   PAIR_LINES), when Microsoft documents that pair: "500001 ... (Gateway 408)", or a translated
 *   page's "Microsoft response code: 500001" and "SIP response code: 408" on lines of their own.
 *   On one line, words must stand between them: "403 and 510559" names two codes.
 * Never a half that carries its own evidence (a trace, words saying who answered).
 */
function mergeSplitPairs(mentions: Mention[], isKnownPair: (ms: number, sip: number) => boolean): Mention[] {
  const out: Mention[] = [];
  const lone = (m: Mention) => m.q850Cause === null && (m.msCode === null) !== (m.sipCode === null) && !m.trace && !m.said && ['single', 'key-value'].includes(m.format);
  for (let i = 0; i < mentions.length; i++) {
    const a = mentions[i]!;
    const b = mentions[i + 1];
    const halves = b !== undefined && lone(a) && lone(b) && (a.msCode === null) !== (b.msCode === null);
    const keyed = halves && a.line === b!.line && (a.format === 'key-value' || b!.format === 'key-value');
    const ms = halves ? (a.msCode ?? b!.msCode)! : 0;
    const sip = halves ? (a.sipCode ?? b!.sipCode)! : 0;
    const documented =
      halves && !keyed && Math.abs(b!.line - a.line) <= PAIR_LINES && isKnownPair(ms, sip) && !(a.line === b!.line && joinedByConjunction(a.excerpt, a, b!));
    if (keyed || documented) {
      const msHalf = a.msCode !== null ? a : b!;
      const other = msHalf === a ? b! : a;
      const merged: Mention = {
        msCode: ms,
        sipCode: sip,
        q850Cause: null,
        format: 'key-value',
        line: a.line,
      };
      const phrase = keyed ? (b!.phrase ?? a.phrase) : (msHalf.phrase ?? other.phrase);
      if (phrase) merged.phrase = phrase;
      if (a.excerpt) merged.excerpt = a.excerpt;
      out.push(merged);
      i++;
    } else out.push(a);
  }
  return out;
}

export function diagnose(text: string, kb: Kb = defaultKb()): Diagnosis {
  const input = typeof text === 'string' ? text : '';
  const extraction = extractMentions(input, {
    isKnownMsCode: (c) => kb.hasMsCode(c),
    isKnownPair: (ms, sip) => kb.withPair(ms, sip).length > 0,
  });
  const context = detectContext(input);
  const graph = detectGraphCalling(input);
  const sdk = !graph && input.length <= WORDS_MAX_CHARS && detectAcsCallingSdk(input, context);
  const mentions = mergeSplitPairs(extraction.mentions, (ms, sip) => kb.withPair(ms, sip).length > 0);
  const wordsOf = wordsReader(input, context, kb, sdk);

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
      const r = resolveMention(m, { kb, context, graph, sdk }, words, message);
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

  // Failures first, in the order they appear; normal clearings after.
  const whole = absorbHalves(order, restatable);
  const findings = [...whole.filter((f) => f.origin.side !== 'none'), ...whole.filter((f) => f.origin.side === 'none')];
  const diagnosis: Diagnosis = {
    input: {
      chars: input.length,
      lines: extraction.lines,
      linesRead: extraction.linesRead,
      truncated: extraction.truncated,
      context,
      ...(extraction.csvRows !== undefined ? { csvRows: extraction.csvRows } : {}),
    },
    findings: findings.slice(0, MAX_FINDINGS),
    search: findings.length === 0 && !extraction.traced ? searchWords(input, extraction.lines, kb, sdk) : [],
  };
  if (mentions.length >= SUMMARY_MIN_MENTIONS || findings.length >= SUMMARY_MIN_FINDINGS) {
    diagnosis.summary = summarize(findings, mentions.length);
  }
  return diagnosis;
}

/** Formats whose every mention is a call of its own: a report row, an SBC record, a trace's final response. */
const RECORD_FORMATS: ReadonlySet<Mention['format']> = new Set(['csv', 'cdr', 'sip']);

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
 * - more than one pair of the paste has that code (a lone 403 beside 510559 / 403 and 510562 / 403),
 * - it is a call of its own (a trace's final response with its call flow, a report row, an SBC record),
 * - what answered it, read from the words or a trace, is not the pair's origin (a 404 "from the
 *   PSTN provider" beside 511404 / 404, which Microsoft generated, is the carrier's failure).
 * A "SIP code" that is no registered SIP response but the first three digits of a pasted
 * Microsoft code ("if the code starts with 560 ... 560403") is that code talked about.
 * The finding takes the place of whichever part came first.
 */
function absorbHalves(order: Finding[], restatable: ReadonlyMap<Finding, boolean>): Finding[] {
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
      if (same.length && same.every((p) => codesOf(p) === codesOf(same[0]!))) target = same[0];
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

/**
 * What the words around each lone SIP code say about who answered it (words.ts), for a paste short
 * enough to be words rather than a log: a Microsoft endpoint or service API seen answering it, else
 * the words of its paragraph. The paragraph read is the one the code's line is in, or,
 * when that paragraph does not name the code, the first that does.
 */
function wordsReader(input: string, context: Diagnosis['input']['context'], kb: Kb, sdk: boolean): (m: Mention) => WordsOrigin | undefined {
  if (input.length > WORDS_MAX_CHARS) return () => undefined;
  let lines: string[] | undefined;
  let http: Map<number, string> | undefined;
  let api: Map<number, string> | undefined;
  // Each line and code read once, however many mentions they have.
  const answers = new Map<string, WordsOrigin | undefined>();
  const firstLineWith = new Map<string, number>();
  return (m) => {
    if (m.msCode !== null || m.sipCode === null || m.trace || m.said) return undefined;
    lines ??= normalizeText(input).split('\n');
    http ??= microsoftHttpAnswers(lines);
    const seen = http.get(m.sipCode);
    if (seen !== undefined) return httpAnswerOrigin(m.sipCode, seen);
    // A Microsoft service API's HTTP status, quoted without its URL (not in a Calling SDK client paste: its codes are the SDK's).
    api ??= sdk ? new Map() : serviceApiAnswers(input, lines);
    const answered = api.get(m.sipCode);
    if (answered !== undefined) return serviceApiAnswerOrigin(m.sipCode, answered);
    const key = `${m.line}/${m.sipCode}`;
    if (!answers.has(key)) {
      const paragraph = paragraphWith(lines, m.line - 1, String(m.sipCode), firstLineWith);
      answers.set(key, paragraph === undefined ? undefined : wordsOrigin({ sipCode: m.sipCode, paragraph, context, kb }));
    }
    return answers.get(key);
  };
}

/** The lines around `index` up to a blank line (at most PARAGRAPH_LINES either side). */
function paragraphAt(lines: readonly string[], index: number): string {
  let from = index;
  let to = index;
  while (from > 0 && index - from < PARAGRAPH_LINES && lines[from - 1]!.trim()) from--;
  while (to < lines.length - 1 && to - index < PARAGRAPH_LINES && lines[to + 1]!.trim()) to++;
  return lines.slice(from, to + 1).join('\n');
}

/** The paragraph of the code's line if it names the code, else the first paragraph that does (found once per code). */
function paragraphWith(lines: readonly string[], index: number, code: string, firstLineWith: Map<string, number>): string | undefined {
  // The code as a number of its own, not inside another (403 in 560403).
  const names = (text: string) => numberAt(text, code, 0) >= 0;
  if (index >= 0 && index < lines.length) {
    const own = paragraphAt(lines, index);
    if (names(own)) return own;
  }
  if (!firstLineWith.has(code)) firstLineWith.set(code, lines.findIndex((l) => names(l)));
  const at = firstLineWith.get(code)!;
  return at >= 0 ? paragraphAt(lines, at) : undefined;
}

/**
 * The entries a paste with no code is about: a Calling SDK message the paste holds (sdk-message.ts,
 * read in a console excerpt or stack too, up to WORDS_MAX_CHARS), then the word search (a question
 * or a message: a short text only).
 */
function searchWords(input: string, lines: number, kb: Kb, sdk: boolean): SearchHit[] {
  const hits = input.length <= SEARCH_MAX_CHARS && lines <= SEARCH_MAX_LINES ? wordForWordFirst(kb.search(input), input) : [];
  const message = sdk ? sdkMessageWithoutCode(kb, input) : undefined;
  if (!message) return hits;
  return [{ entry: message.entry, score: message.score }, ...hits.filter((h) => h.entry !== message.entry)];
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
