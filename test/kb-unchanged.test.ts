// Adding pages must not change what SIP Doc says about codes whose source did not change. The
// knowledge base as it was before the 2025 pages (398 entries, test/fixtures/kb) against today's:
// every old entry is still there under its id with the same text, links and deep link, except
// the rows Microsoft reworded, which are listed here one by one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../src/diagnose';
import { defaultKb, Kb } from '../src/kb/load';
import type { KbEntry, KnowledgeBase } from '../src/kb/types';

const before = (
  JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(__dirname, 'fixtures/kb/kb.before-2025-pages.json.gz'))).toString('utf8')) as KnowledgeBase
).entries;
const kb = defaultKb();

/** What the sources say. Origin and who-must-act come from rules that change on their own schedule. */
const FROM_THE_SOURCE = ['catalog', 'msCode', 'sipCode', 'httpStatus', 'phrase', 'description', 'actions', 'links', 'docUrl', 'resultCategory', 'callbackEvent', 'slip'] as const;
const sourceFields = (e: KbEntry) => Object.fromEntries(FROM_THE_SOURCE.map((f) => [f, e[f] ?? null]));

/** Rows the 2025-07-14 ACS page words differently from the 2024 includes (old id -> what changed). */
const REWORDED: Record<string, { pair: [number, number]; catalog: KbEntry['catalog']; phrase: RegExp }> = {
  'callend-5003-0-call-ended-successfully-as': { pair: [5003, 0], catalog: 'acs-call-end', phrase: /^Call was ended by Azure Communication Service as the call has ended/ },
  'callend-510403-403-call-ended-previously-marked': { pair: [510403, 403], catalog: 'acs-call-end', phrase: /^Call blocked: No matching voice route found/ },
  'pstn-510403-403-call-blocked-alternate-id': { pair: [510403, 403], catalog: 'acs-pstn', phrase: /^Call blocked: No matching voice route found/ },
};
/** The same row and id, with new advice (a link to the 3112 troubleshooting page). */
const NEW_ADVICE = new Set(['callend-3112-410-call-setup-failed-due']);

describe('kb: entries whose source did not change read as before', () => {
  it('the snapshot is the 398-entry knowledge base', () => {
    expect(before).toHaveLength(398);
  });

  it('every other old entry is there under its id, with the same codes, text, links and deep link', () => {
    const changed: string[] = [];
    for (const old of before) {
      if (REWORDED[old.id] || NEW_ADVICE.has(old.id)) continue;
      const now = kb.byEntryId(old.id);
      if (!now) changed.push(`${old.id}: gone`);
      else if (JSON.stringify(sourceFields(now)) !== JSON.stringify(sourceFields(old))) changed.push(`${old.id}: changed`);
    }
    expect(changed).toEqual([]);
  });

  it('ACS entries now cite the 2025-07-14 page; Teams entries keep their page and date', () => {
    for (const old of before) {
      const now = kb.byEntryId(old.id);
      if (!now) continue;
      if (old.catalog.startsWith('acs-')) {
        expect(now.source.file, old.id).toBe('acs/rendered/troubleshooting-codes.md');
        expect(now.docDate, old.id).toBe('2025-07-14');
      } else {
        expect({ file: now.source.file, title: now.docTitle, date: now.docDate }, old.id).toEqual({ file: old.source.file, title: old.docTitle, date: old.docDate });
      }
    }
  });

  it('the reworded rows: the old id is gone, the pair is there with the new wording', () => {
    for (const [id, r] of Object.entries(REWORDED)) {
      expect(kb.byEntryId(id), id).toBeUndefined();
      const now = kb.withPair(...r.pair).filter((e) => e.catalog === r.catalog);
      expect(now, id).toHaveLength(1);
      expect(now[0]!.phrase).toMatch(r.phrase);
    }
    const e = kb.byEntryId([...NEW_ADVICE][0]!)!;
    expect(e.actions).toMatch(/\[here\]\(https:\/\/learn\.microsoft\.com\/en-us\/azure\/communication-services\/resources\/troubleshooting\/voice-video-calling\/call-setup-issues\/call-ends-with-410-3112\)/);
  });

  it('the only notes added are the two 10199 entries (Graph and the Teams page disagree)', () => {
    const noted = before.filter((old) => kb.byEntryId(old.id)?.notes?.length).map((e) => e.id);
    expect(noted).toEqual(['dr-10199-403-call-rejected-as-private']);
  });

  it('"510559 403" answers as before', () => {
    const old = before.find((e) => e.id === 'dr-510559-403-get-outbound-routing-no')!;
    const [f] = diagnose('510559 403', kb).findings;
    expect(f!.match).toBe('pair');
    expect(f!.entries.map((e) => e.id)).toEqual(['dr-510559-403-get-outbound-routing-no']);
    expect(sourceFields(f!.entries[0]!)).toEqual(sourceFields(old));
    // The wording of origin reasons belongs to the origin rules; who generated it does not move.
    expect(f!.origin.side).toBe(old.origin.side);
  });

  it('every old pair gets the same first answer as before, but where a new row documents the pair', () => {
    // The old knowledge base, answering through the same diagnose(): the earlier answers.
    const oldKb = new Kb({ schemaVersion: 1, entries: before });
    // Each documented pair, each Microsoft code and each SIP code alone.
    const texts = [...new Set(before.flatMap((e) => [`${e.msCode ?? ''} ${e.sipCode ?? ''}`.trim(), `${e.msCode ?? ''}`, `${e.sipCode ?? ''}`]))].filter(Boolean);
    expect(texts.length).toBeGreaterThan(400);
    const moved: string[] = [];
    for (const text of texts) {
      const was = diagnose(text, oldKb).findings.map((f) => f.entries[0]?.id ?? `inferred ${f.origin.side}`);
      const now = diagnose(text, kb).findings.map((f) => f.entries[0]?.id ?? `inferred ${f.origin.side}`);
      if (JSON.stringify(was) !== JSON.stringify(now)) moved.push(`${text}: ${was.join(', ')} -> ${now.join(', ')}`);
    }
    expect(moved).toEqual([
      // SIP 487 alone lists the documented pairs with 487: the Teams pages' come first, and the
      // call notifications page adds 540200 / 487.
      '487: pstn-540487-487-the-caller-terminated-the -> dr-540200-487-call-completed-elsewhere',
      // The reworded rows (new ids, same rows).
      '5003 0: callend-5003-0-call-ended-successfully-as -> callend-5003-0-call-was-ended-by',
      '5003: callend-5003-0-call-ended-successfully-as -> callend-5003-0-call-was-ended-by',
      '510403 403: pstn-510403-403-call-blocked-alternate-id -> pstn-510403-403-call-blocked-no-matching',
      '510403: pstn-510403-403-call-blocked-alternate-id -> pstn-510403-403-call-blocked-no-matching',
      // The 2025 page adds 71005 / 401 to the call end table, which ranks before Call Automation's.
      '71005 401: automation-71005-401-token-validation-error-while -> callend-71005-401-call-failed-due-to',
      '71005: automation-71005-401-token-validation-error-while -> callend-71005-401-call-failed-due-to',
    ]);
  });
});
