// A diagnosis as readable terminal text (`sipdoc "<text>"`).
import { codesWithSipCode, codesWithSipTitle } from '../diagnose/sip-family';
import type { Diagnosis, Finding } from '../diagnose/types';
import { defaultKb, type Kb } from '../kb/load';
import { CATALOG_LABELS, SIDE_LABELS, type KbEntry } from '../kb/types';
import { BASIS_LABELS, codeLabel, fixOnBasisLabel, fixOnLabel, fixOnLead, headline, markdownToPlain, originLabel } from './labels';

/** Findings printed in full; the rest are listed in the summary. */
const FULL_FINDINGS = 10;
const OTHER_ENTRIES = 5;

const indent = (text: string, pad = '    ') =>
  text
    .split('\n')
    .map((l) => (l.trim() ? pad + l : ''))
    .join('\n');

function entryBlock(e: KbEntry): string[] {
  const out: string[] = [];
  if (e.description) out.push('  What it means:', indent(markdownToPlain(e.description)));
  if (e.actions) out.push('  What to do:', indent(markdownToPlain(e.actions)));
  for (const note of e.notes ?? []) out.push(`  Note: ${note}`);
  out.push(`  Documented in: ${e.docTitle} (${[CATALOG_LABELS[e.catalog], e.docDate].filter(Boolean).join(', ')})`, `    ${e.docUrl}`);
  return out;
}

function findingBlock(f: Finding, n: number, kb: Kb): string {
  const out: string[] = [];
  const top = f.entries[0];
  const entryBacked = (f.match === 'pair' || f.match === 'ms-code') && top !== undefined;
  const repeat = f.count > 1 ? `  (x${f.count}, first on line ${f.firstLine})` : '';
  out.push(`${n}. ${codeLabel(f)}  ${headline(f)}${repeat}`);
  out.push(`  ${fixOnLead(f.fixOn, f.origin, entryBacked ? top.catalog : undefined)}`);
  if (f.fixOn.where) out.push(`    Where: ${f.fixOn.where}`);
  out.push(`    [${fixOnLabel(f.fixOn, entryBacked ? top.catalog : undefined)}: ${fixOnBasisLabel(f.fixOn)}]`);
  out.push(`  Origin: ${originLabel(f.origin)} [${BASIS_LABELS[f.origin.basis]}]`);
  out.push(indent(f.origin.reason));
  if (f.sipCodeImplied) out.push(`  The SIP code ${f.sipCode} is read from the last three digits of ${f.msCode}.`);
  if (f.equivalent) out.push(`  Teams would log this call as ${f.equivalent.msCode} / ${f.equivalent.sipCode}:`, indent(f.equivalent.reason));
  if (f.flow?.length) {
    out.push('  Call flow:');
    for (const r of f.flow) out.push(`    ${`${r.from} -> ${r.to}`.padEnd(24)} ${r.what}${r.final ? '   <- final response' : ''}`);
  }
  for (const note of f.notes) out.push(`  Note: ${note}`);
  if (entryBacked) {
    out.push(...entryBlock(top));
    const others = f.entries.slice(1);
    if (others.length) {
      out.push(`  Other documented variants (${others.length}):`);
      for (const e of others.slice(0, OTHER_ENTRIES)) out.push(`    - ${codeLabel({ ...e, q850Cause: null, sipCodeImplied: false })}  ${e.phrase}  <${e.docUrl}>`);
      if (others.length > OTHER_ENTRIES) out.push(`    ... and ${others.length - OTHER_ENTRIES} more (--json lists them all)`);
    }
  } else {
    out.push("  Not in Microsoft's published tables: the explanation below is inferred.");
    for (const d of f.didYouMean ?? []) {
      const how = d.how === 'swap' ? 'two digits swapped' : 'one digit changed';
      out.push(`  Did you mean ${codeLabel({ msCode: d.msCode, sipCode: d.sipCode, q850Cause: null, sipCodeImplied: false })}  ${d.phrase}? (${how})`);
    }
  }
  if (f.sip && f.match !== 'pair' && f.match !== 'ms-code') {
    out.push(`  SIP ${f.sip.code} ${f.sip.reason} (${f.sip.rfc}): ${f.sip.meaning}`, indent(f.sip.inTeamsCall));
  }
  if (f.q850) {
    const sipEq = f.q850.sipEquivalent ? ` (usually mapped to SIP ${f.q850.sipEquivalent})` : '';
    out.push(`  Q.850 cause ${f.q850.cause} ${f.q850.name}${sipEq}: ${f.q850.meaning}`);
  }
  if (f.match === 'sip-code' && f.sipCode !== null) {
    const codes = codesWithSipCode(kb, f.sipCode);
    if (codes.length) {
      out.push(`  ${codesWithSipTitle(codes.length, f.sipCode)}; the Microsoft code tells which one. The most common:`);
      for (const { entries: [e] } of codes.slice(0, OTHER_ENTRIES)) out.push(`    - ${e!.msCode} ${e!.phrase} [${CATALOG_LABELS[e!.catalog]}]`);
    } else {
      for (const e of f.entries.slice(0, OTHER_ENTRIES)) out.push(`    - SIP ${e.sipCode} ${e.phrase} [${CATALOG_LABELS[e.catalog]}]`);
    }
  }
  return out.join('\n');
}

export function diagnosisToText(d: Diagnosis, kb: Kb = defaultKb()): string {
  const out: string[] = [];
  if (d.findings.length === 0) {
    if (d.search.length) {
      out.push('No code found in the text. Closest documented entries:');
      d.search.forEach((h, i) => out.push(`${i + 1}. ${codeLabel({ ...h.entry, q850Cause: null, sipCodeImplied: false })}  ${h.entry.phrase}`, `   ${h.entry.docUrl}`));
    } else {
      out.push('No code found in the text, and no documented error matches its words.');
    }
    out.push('', 'Paste a Microsoft and SIP code pair ("510559 403"), a 560xxx code, a log line, a JSON record, a usage report CSV or a SIP trace.');
    return out.join('\n') + '\n';
  }
  d.findings.slice(0, FULL_FINDINGS).forEach((f, i) => out.push(findingBlock(f, i + 1, kb), ''));
  if (d.summary) {
    const s = d.summary;
    out.push(`Summary: ${s.mentions} mention(s), ${s.distinct} distinct, ${d.input.linesRead} line(s) read${d.input.truncated ? ` of ${d.input.lines} (cut)` : ''}.`);
    out.push('  By origin: ' + s.bySide.map((x) => `${SIDE_LABELS[x.side]} ${x.count}`).join(', '));
    out.push('  By code:');
    for (const p of s.byPair.slice(0, 20)) out.push(`    ${String(p.count).padStart(6)}  ${codeLabel({ ...p, sipCodeImplied: false })}  ${p.phrase}`);
    if (s.byPair.length > 20) out.push(`    ... ${s.byPair.length - 20} more`);
  }
  return out.join('\n').trimEnd() + '\n';
}

export function entryLine(e: KbEntry): string {
  return `${e.id}\t${e.msCode ?? ''}\t${e.sipCode ?? e.httpStatus ?? ''}\t${SIDE_LABELS[e.origin.side]}\t${e.phrase}`;
}
