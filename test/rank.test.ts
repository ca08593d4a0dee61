// The pieces that pick the right entry: the text's context, the distinctive words of a pasted
// phrase, and "did you mean" for a near miss.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectContext } from '../src/diagnose/context';
import { nearMisses } from '../src/diagnose/near-miss';
import { GENERIC_PHRASE_WORDS, contextRank, distinctiveWords, phraseScores, rankEntries } from '../src/diagnose/rank';
import { SIP_CODES } from '../src/kb/knowledge/sip-codes';
import { defaultKb, tokenize } from '../src/kb/load';

const kb = defaultKb();
const paste = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', 'pastes', name), 'utf8');

describe('generic SIP reason phrases choose nothing', () => {
  it('the generic words are the words of every reason phrase in SIP Doc\'s SIP table (plus BYE)', () => {
    for (const c of SIP_CODES) for (const w of tokenize(c.reason)) expect(GENERIC_PHRASE_WORDS.has(w), `${c.code} ${w}`).toBe(true);
    expect(GENERIC_PHRASE_WORDS.has('bye')).toBe(true);
    for (const w of ['principal', 'createcallasync', 'runtimeapi', 'hresult', 'duplicate']) expect(GENERIC_PHRASE_WORDS.has(w), w).toBe(false);
  });

  it.each(['Not Found', 'Internal Server Error', 'Request Timeout', 'Forbidden', 'Service Unavailable', 'BYE', 'Server Time-out', 'Busy Here'])(
    '"%s" has no distinctive word',
    (phrase) => {
      expect([...distinctiveWords(phrase)]).toEqual([]);
    },
  );

  it('a documented phrase keeps its own words', () => {
    expect([...distinctiveWords('Unable to deliver INVITE: outgoing TLS negotiation failed; Wrong target principal name configured')]).toEqual(
      expect.arrayContaining(['wrong', 'target', 'principal', 'name', 'configured', 'invite', 'tls']),
    );
  });
});

describe('distinctive words weigh by how rare they are among the variants', () => {
  const variants = kb.withPair(569002, 504);

  it('a word every variant has weighs nothing', () => {
    expect(variants).toHaveLength(7);
    expect(phraseScores(kb, variants, new Set(['unable', 'deliver']))).toEqual(variants.map(() => 0));
  });

  it('"wrong target principal name configured" outweighs the shared TLS words of the HRESULT=0x80096004 variant', () => {
    const scores = phraseScores(kb, variants, distinctiveWords('Unable to deliver INVITE: outgoing TLS negotiation failed; Wrong target principal name configured'));
    const byId = new Map(variants.map((v, i) => [v.id, scores[i]!]));
    expect(byId.get('dr-569002-504-unable-to-deliver-invite-4')!).toBeGreaterThan(byId.get('dr-569002-504-unable-to-deliver-ack')!);
    expect(byId.get('dr-569002-504-unable-to-deliver-ack')!).toBeGreaterThan(byId.get('dr-569002-504-unable-to-deliver-invite-3')!);
  });

  it('the HRESULT=0x80096004 words still pick their own variant', () => {
    const ranked = rankEntries(kb, variants, 'Unable to deliver INVITE: outgoing TLS negotiation failed; HRESULT=0x80096004', 'unknown');
    expect(ranked[0]!.id).toBe('dr-569002-504-unable-to-deliver-invite-3');
  });

  it('the context chooses the catalog before the phrase does', () => {
    const both = kb.withPair(511404, 404);
    expect(new Set(both.map((e) => e.catalog))).toEqual(new Set(['teams-direct-routing', 'acs-pstn']));
    // "Phone number not found" is the ACS phrase; in a Teams text the Teams entry still comes first.
    expect(rankEntries(kb, both, 'Phone number not found', 'teams')[0]!.catalog).toBe('teams-direct-routing');
    expect(rankEntries(kb, both, 'Phone number not found', 'unknown')[0]!.catalog).toBe('acs-pstn');
    expect(rankEntries(kb, both, 'Getting user info by number from RuntimeAPI failed', 'acs')[0]!.catalog).toBe('acs-pstn');
    expect(contextRank('acs-pstn', 'unknown')).toBe(contextRank('teams-direct-routing', 'unknown'));
    // A paste whose shape names one table puts it first, then the rest of its product.
    expect(contextRank('acs-call-automation', 'acs', 'acs-call-automation')).toBe(0);
    expect(contextRank('acs-call-end', 'acs', 'acs-call-automation')).toBe(1);
    expect(contextRank('teams-direct-routing', 'acs', 'acs-call-automation')).toBe(2);
    expect(contextRank('graph-call-end', 'teams', 'graph-call-end')).toBe(0);
    expect(contextRank('teams-direct-routing', 'teams', 'graph-call-end')).toBe(1);
  });
});

describe('the text\'s context', () => {
  it.each([
    ['dr-usage-report.csv', 'teams'],
    ['dr-usage-report-generic-phrases.csv', 'teams'],
    ['graph-direct-routing-calls.json', 'teams'],
    ['acs-sdk-console.log', 'acs'],
    ['acs-call-summary.log', 'acs'],
    ['acs-call-automation-events.json', 'acs'],
  ])('%s reads as %s', (file, context) => {
    expect(detectContext(paste(file))).toBe(context);
  });

  it.each([
    ['Call end reason: code: 500, subcode: 511404', 'acs'],
    ['ParticipantEndReason: 404, ParticipantEndSubCode: 511404', 'acs'],
    ['callEndReason: {code: 487, subCode: 10003}', 'acs'],
    ['SIP/2.0 404 Not Found\nServer: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUNO.3', 'teams'],
    ['404,511404,Not Found,sbc1.contoso.com,ByotIn', 'teams'],
    ['our SBC gets 404 with 511404 from Teams', 'teams'],
    ['511404 404', 'unknown'],
    // Both sides' own shapes: neither decides.
    ['Final SIP code 404 Final Microsoft subcode 511404; ParticipantEndReason 404', 'unknown'],
  ])('%j reads as %s', (text, context) => {
    expect(detectContext(text)).toBe(context);
  });
});

describe('did you mean', () => {
  it('one digit changed, or two neighbouring digits swapped; the pasted SIP code first', () => {
    expect(nearMisses(kb, 510569, 403).map((d) => d.msCode)).toEqual(expect.arrayContaining([510559, 510562, 510563]));
    expect(nearMisses(kb, 510569, 403).every((d) => d.sipCode === 403 && d.how === 'digit')).toBe(true);
    expect(nearMisses(kb, 510595, 403)[0]).toMatchObject({ msCode: 510559, how: 'swap', entryId: 'dr-510559-403-get-outbound-routing-no' });
    expect(nearMisses(kb, 560468, null)[0]).toMatchObject({ msCode: 560486, how: 'swap' });
  });

  it('nothing for a documented code, a code with no documented neighbour, or a code too short to guess', () => {
    expect(nearMisses(kb, 510559, 403)).toEqual([]);
    expect(nearMisses(kb, 999999, null)).toEqual([]);
    expect(nearMisses(kb, 487, null)).toEqual([]);
  });

  it('never suggests a code with a leading zero, and at most three', () => {
    for (const code of [10037, 10073, 20037, 531001, 569001]) {
      const found = nearMisses(kb, code, null);
      expect(found.length).toBeLessThanOrEqual(3);
      for (const d of found) {
        expect(kb.hasMsCode(d.msCode)).toBe(true);
        expect(String(d.msCode)).toHaveLength(String(code).length);
      }
    }
  });
});
