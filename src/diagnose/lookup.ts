// Entry lookup for the message extension's search box: as the user types "5105", "403", "560",
// "no viable path", the list narrows. Pure: the Teams layer only renders the entries.
import type { Kb } from '../kb/load';
import { FEATURED_PAIRS } from '../kb/featured';
import type { KbEntry } from '../kb/types';
import { diagnose } from './index';
import { codesWithSipCode } from './sip-family';

export const MAX_LOOKUP_RESULTS = 25;

function uniquePush(out: KbEntry[], seen: Set<string>, entries: readonly KbEntry[]) {
  for (const e of entries) {
    if (!seen.has(e.id)) {
      seen.add(e.id);
      out.push(e);
    }
  }
}

export function lookupEntries(query: string, kb: Kb, limit = MAX_LOOKUP_RESULTS): KbEntry[] {
  const q = query.trim().slice(0, 500);
  const out: KbEntry[] = [];
  const seen = new Set<string>();
  // Before anything is typed: the codes admins look up most.
  if (!q) {
    for (const [ms, sip] of FEATURED_PAIRS) uniquePush(out, seen, kb.withPair(ms, sip).slice(0, 1));
    return out.slice(0, limit);
  }
  if (/^\d{1,9}$/.test(q)) {
    const n = Number(q);
    // Exact Microsoft code, then the documented codes with this SIP code (one result per code, the
    // same list the SIP card counts), then Microsoft codes that start with what was typed.
    uniquePush(out, seen, kb.withMsCode(n));
    if (q.length === 3) uniquePush(out, seen, codesWithSipCode(kb, n).map((c) => c.entries[0]!));
    uniquePush(
      out,
      seen,
      kb.entries.filter((e) => e.msCode !== null && String(e.msCode).startsWith(q)),
    );
    return out.slice(0, limit);
  }
  // Codes in a longer query ("510559 403", a log line), then the words.
  for (const f of diagnose(q, kb).findings) uniquePush(out, seen, f.entries);
  uniquePush(
    out,
    seen,
    kb.rank(q, limit).map((h) => h.entry),
  );
  return out.slice(0, limit);
}
