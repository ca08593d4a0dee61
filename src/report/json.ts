// The documented JSON shape of a diagnosis (`sipdoc --json`). Other tools rely on it: add fields,
// never rename or remove them.
import type { Diagnosis, Finding } from '../diagnose/types';
import type { KbEntry } from '../kb/types';

export interface JsonEntry {
  id: string;
  catalog: string;
  msCode: number | null;
  sipCode: number | null;
  phrase: string;
  docUrl: string;
  origin: string;
  /** Who must act: sbc | tenant | carrier | client | microsoft | none | unknown. */
  fixOn: string;
  resultCategory: string | null;
  actions: string;
  links: Array<{ title: string; url: string }>;
  docDate: string;
  /** What SIP Doc adds to the entry (two Microsoft pages that document the code differently). */
  notes: string[];
}

export interface JsonFinding {
  msCode: number | null;
  sipCode: number | null;
  q850Cause: number | null;
  sipCodeImplied: boolean;
  /** Who generated the final response: sbc | microsoft | client | none | unknown. */
  origin: string;
  originFixOn: string | null;
  /** documented | entry | inferred | trace | prose */
  originBasis: string;
  originReason: string;
  /** Who must act: sbc | tenant | carrier | client | microsoft | none | unknown. */
  fixOn: string;
  /** rule | exception | inferred | trace */
  fixOnBasis: string;
  fixOnRule: string;
  fixOnReason: string;
  /** Where the setting lives, or what to give Microsoft support; null when the fix is not a setting. */
  fixOnWhere: string | null;
  known: boolean;
  /** pair | ms-code | sip-code | none */
  match: string;
  count: number;
  firstLine: number;
  formats: string[];
  phrase: string | null;
  /** The pasted line of the first occurrence. */
  excerpt: string | null;
  sip: { code: number; reason: string; meaning: string; inTeamsCall: string; rfc: string } | null;
  q850: { cause: number; name: string; meaning: string; sipEquivalent: number | null } | null;
  notes: string[];
  /** Documented codes one typo away, when the Microsoft code is not in the tables. */
  didYouMean: Array<{ msCode: number; sipCode: number | null; phrase: string; id: string; how: 'digit' | 'swap' }>;
  entries: JsonEntry[];
  /** The Microsoft code Teams would log for a call a trace shows (msCode stays what was pasted). */
  equivalent: { msCode: number; sipCode: number; basis: string; reason: string } | null;
  /** The failed call's messages, from a trace: who sent what to whom. */
  flow: Array<{ from: string; to: string; what: string; final: boolean; line: number }> | null;
}

export interface JsonDiagnosis {
  input: Diagnosis['input'];
  findings: JsonFinding[];
  summary: Diagnosis['summary'] | null;
  search: Array<JsonEntry & { score: number }>;
}

export function entryToJson(e: KbEntry): JsonEntry {
  return {
    id: e.id,
    catalog: e.catalog,
    msCode: e.msCode,
    sipCode: e.sipCode,
    phrase: e.phrase,
    docUrl: e.docUrl,
    origin: e.origin.side,
    fixOn: e.fixOn.party,
    resultCategory: e.resultCategory,
    actions: e.actions,
    links: e.links,
    docDate: e.docDate,
    notes: e.notes ?? [],
  };
}

export function findingToJson(f: Finding): JsonFinding {
  return {
    msCode: f.msCode,
    sipCode: f.sipCode,
    q850Cause: f.q850Cause,
    sipCodeImplied: f.sipCodeImplied,
    origin: f.origin.side,
    originFixOn: f.origin.fixOn ?? null,
    originBasis: f.origin.basis,
    originReason: f.origin.reason,
    fixOn: f.fixOn.party,
    fixOnBasis: f.fixOn.basis,
    fixOnRule: f.fixOn.rule,
    fixOnReason: f.fixOn.reason,
    fixOnWhere: f.fixOn.where ?? null,
    known: f.known,
    match: f.match,
    count: f.count,
    firstLine: f.firstLine,
    formats: f.formats,
    phrase: f.phrase ?? null,
    excerpt: f.excerpt ?? null,
    sip: f.sip ? { code: f.sip.code, reason: f.sip.reason, meaning: f.sip.meaning, inTeamsCall: f.sip.inTeamsCall, rfc: f.sip.rfc } : null,
    q850: f.q850 ? { cause: f.q850.cause, name: f.q850.name, meaning: f.q850.meaning, sipEquivalent: f.q850.sipEquivalent ?? null } : null,
    notes: f.notes,
    didYouMean: (f.didYouMean ?? []).map((d) => ({ msCode: d.msCode, sipCode: d.sipCode, phrase: d.phrase, id: d.entryId, how: d.how })),
    entries: f.entries.map(entryToJson),
    equivalent: f.equivalent ? { msCode: f.equivalent.msCode, sipCode: f.equivalent.sipCode, basis: f.equivalent.basis, reason: f.equivalent.reason } : null,
    flow: f.flow ? f.flow.map((r) => ({ from: r.from, to: r.to, what: r.what, final: r.final === true, line: r.line })) : null,
  };
}

export function diagnosisToJson(d: Diagnosis): JsonDiagnosis {
  return {
    input: d.input,
    findings: d.findings.map(findingToJson),
    summary: d.summary ?? null,
    search: d.search.map((h) => ({ ...entryToJson(h.entry), score: Math.round(h.score * 100) / 100 })),
  };
}
