// The ACS Calling SDK's error messages, read by their words where the paste does not give the
// entry's codes: an older SDK's or another platform's wording with no code at all ("A CallAgent
// instance already exists", "Multiple CallAgent instances with the same identity is not allowed"),
// or the code without its subcode ("500 - Failed to create CallAgent").
//
// Microsoft's table of the SDK's client errors writes each message the same way: "Failed to <do>
// <object>, <what went wrong>. <what to do>." (troubleshooting-codes, "Calling SDK client error
// codes and subcodes"). A pasted message is taken for an entry when, on one line:
// - it names the entry's subject: the SDK objects its message names (CallAgent, TeamsCallAgent,
//   LocalVideoStream, ...), else the words of its "Failed to <do>" head;
// - with no code: it says what went wrong in the entry's words, two or more of them ("already
//   exists", "instance ... identity"): the head alone ("create a CallAgent") is what the user was
//   doing, not the error;
// - with a code: the entry is documented with that code and the line has the head's words.
// and no other entry matches as well. Words are compared as the SDK writes them in any language's
// naming ("createCallAgent", "Call Agent", "callAgent" are CallAgent), by their stem ("instances",
// "instance"), without stop words.
import { isStopWord, type Kb } from '../kb/load';
import type { KbEntry } from '../kb/types';

/** The SDK's entry objects, which its messages do not name but its code and stack traces do. */
const ENTRY_OBJECTS = ['CallClient', 'DeviceManager'];
/** A line is read up to this length (a message, not a minified bundle). */
const MAX_LINE = 2000;
/** Lines of a paste read for a message with no code. */
const MAX_LINES = 400;
/** Words of "what went wrong" a message with no code must share with the entry. */
const MIN_CONDITION_WORDS = 2;

interface SdkMessage {
  entry: KbEntry;
  /** The SDK objects the message names (joined, lower case: "callagent"). */
  objects: ReadonlySet<string>;
  /** The words of "Failed to <do> <object>", stemmed, without stop words. */
  head: ReadonlySet<string>;
  /** The words of what went wrong (the first sentence after its first comma), without the objects and the head. */
  condition: ReadonlySet<string>;
  /** Every word of the message. */
  words: ReadonlySet<string>;
}

interface SdkIndex {
  messages: SdkMessage[];
  /** Object names as their parts, longest first: ["teams", "call", "agent"] -> "teamscallagent". */
  names: Array<{ parts: string[]; joined: string }>;
  /** ln(messages / messages with the word). */
  idf: Map<string, number>;
}

const indexes = new WeakMap<Kb, SdkIndex>();

/**
 * Light stemming, the same for the paste and the table: "instances", "instance" -> "instanc";
 * "created", "creating", "creation" -> "creat"; "permissions" -> "permiss".
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('es')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 6 && w.endsWith('ion')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** "createCallAgent" -> "create Call Agent"; an exception text's escaped line breaks (\r\n) -> spaces. */
function splitWords(text: string): string[] {
  const spaced = text.replace(/\\[rnt]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The words of a text, SDK object names joined ("call agent" -> "callagent"), stop words dropped, stemmed. */
function wordsOf(text: string, names: SdkIndex['names']): string[] {
  const raw = splitWords(text);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const name = names.find((n) => n.parts.every((p, k) => raw[i + k] === p));
    if (name) {
      out.push(name.joined);
      i += name.parts.length - 1;
      continue;
    }
    const w = raw[i]!;
    if (w.length >= 2 && !isStopWord(w)) out.push(stem(w));
  }
  return out;
}

function indexOf(kb: Kb): SdkIndex {
  const cached = indexes.get(kb);
  if (cached) return cached;
  const sdk = kb.entries.filter((e) => e.catalog === 'acs-calling-sdk' && e.msCode !== null);
  const objectNames = new Set(ENTRY_OBJECTS);
  for (const e of sdk) for (const m of e.phrase.matchAll(/\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/g)) objectNames.add(m[0]);
  const names = [...objectNames]
    .map((n) => ({ parts: splitWords(n), joined: n.toLowerCase() }))
    .sort((a, b) => b.parts.length - a.parts.length);
  const joined = new Set(names.map((n) => n.joined));
  const messages = sdk.map((entry) => {
    const first = entry.phrase.split(/\.(?:\s|$)/)[0]!;
    const comma = first.indexOf(',');
    const words = new Set(wordsOf(entry.phrase, names));
    const objects = new Set([...words].filter((w) => joined.has(w)));
    const head = new Set(wordsOf(comma >= 0 ? first.slice(0, comma) : first, names));
    const condition = new Set(comma >= 0 ? wordsOf(first.slice(comma + 1), names).filter((w) => !objects.has(w) && !head.has(w)) : []);
    return { entry, objects, head, condition, words };
  });
  const df = new Map<string, number>();
  for (const m of messages) for (const w of m.words) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map([...df].map(([w, n]) => [w, Math.log(messages.length / n)]));
  const index = { messages, names, idf };
  indexes.set(kb, index);
  return index;
}

const hasAll = (words: ReadonlySet<string>, of: ReadonlySet<string>) => [...of].every((w) => words.has(w));
const namesSubject = (words: ReadonlySet<string>, m: SdkMessage) => (m.objects.size ? [...m.objects].some((o) => words.has(o)) : m.head.size > 0 && hasAll(words, m.head));

function score(index: SdkIndex, words: ReadonlySet<string>, m: SdkMessage): number {
  let s = 0;
  for (const w of m.words) if (words.has(w)) s += index.idf.get(w) ?? 0;
  return s;
}

/** The one best message, or none when two match alike. */
function best(index: SdkIndex, words: ReadonlySet<string>, matching: SdkMessage[]): { entry: KbEntry; score: number } | undefined {
  if (!matching.length) return undefined;
  const scored = matching.map((m) => ({ entry: m.entry, score: score(index, words, m) })).sort((a, b) => b.score - a.score);
  if (scored.length > 1 && scored[1]!.score >= scored[0]!.score) return undefined;
  return scored[0];
}

/**
 * The Calling SDK entry a pasted message with no code is, read line by line: the line names the
 * entry's subject and says what went wrong in at least MIN_CONDITION_WORDS of its words.
 */
export function sdkMessageWithoutCode(kb: Kb, text: string): { entry: KbEntry; score: number; line: string } | undefined {
  const index = indexOf(kb);
  const lines = text.split('\n', MAX_LINES);
  let found: { entry: KbEntry; score: number; line: string } | undefined;
  for (const line of lines) {
    if (line.length > MAX_LINE) continue;
    const words = new Set(wordsOf(line, index.names));
    const matching = index.messages.filter((m) => {
      if (!m.condition.size || !namesSubject(words, m)) return false;
      let shared = 0;
      for (const w of m.condition) if (words.has(w)) shared++;
      return shared >= MIN_CONDITION_WORDS;
    });
    const hit = best(index, words, matching);
    if (hit && (!found || hit.score > found.score)) found = { ...hit, line: line.trim() };
  }
  return found;
}

/**
 * The Calling SDK entry documented with `sipCode` whose message the pasted line holds ("500 -
 * Failed to create CallAgent": 40216 / 500), among `entries` (those the code matched).
 */
export function sdkMessageWithCode(kb: Kb, entries: readonly KbEntry[], line: string): KbEntry | undefined {
  if (line.length > MAX_LINE) return undefined;
  const index = indexOf(kb);
  const candidates = new Set(entries.filter((e) => e.catalog === 'acs-calling-sdk'));
  if (!candidates.size) return undefined;
  const words = new Set(wordsOf(line, index.names));
  const matching = index.messages.filter((m) => {
    if (!candidates.has(m.entry) || !namesSubject(words, m)) return false;
    let shared = 0;
    for (const w of m.condition) if (words.has(w)) shared++;
    // What went wrong, in its words; or the head ("Failed to create CallAgent") with the rest of a short condition.
    return shared >= MIN_CONDITION_WORDS || (m.head.size > 0 && hasAll(words, m.head) && shared >= Math.min(MIN_CONDITION_WORDS, m.condition.size));
  });
  return best(index, words, matching)?.entry;
}
