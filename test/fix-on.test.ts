// Who must act (fixOn): every knowledge base entry is decided by a reviewed rule or a reviewed
// exception, each rule on the real entries it is meant for, and the inferred rules for codes no
// entry backs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../src/diagnose';
import { FIX_ON_EXCEPTIONS, FIX_ON_RULES, INFERRED_FIX_ON_RULES, UNCOVERED, entryFixOn } from '../src/kb/fix-on';
import { entryText } from '../src/kb/fix-on/rules';
import { KB_DIR } from '../src/kb/paths';
import type { KbEntry, KnowledgeBase, Party } from '../src/kb/types';

const entries: KbEntry[] = (JSON.parse(fs.readFileSync(path.join(KB_DIR, 'kb.json'), 'utf8')) as KnowledgeBase).entries;
const byId = new Map(entries.map((e) => [e.id, e]));
const entry = (id: string) => {
  const e = byId.get(id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};
const PARTIES: Party[] = ['sbc', 'tenant', 'carrier', 'client', 'microsoft', 'none', 'unknown'];
const ruleIds = new Set(FIX_ON_RULES.map((r) => r.id));
/** What the rules alone say of an entry (its exception set aside). */
const byRules = (e: KbEntry) => FIX_ON_RULES.find((r) => r.test(entryText(e)));

describe('fixOn: every entry is covered', () => {
  it('has a fixOn from a rule or a reviewed exception, never the uncovered marker', () => {
    const bad = entries
      .filter((e) => !(e.fixOn.basis === 'rule' && ruleIds.has(e.fixOn.rule)) && !(e.fixOn.basis === 'exception' && FIX_ON_EXCEPTIONS[e.id]))
      .map((e) => `${e.id}: ${e.fixOn.basis} ${e.fixOn.rule}`);
    expect(bad).toEqual([]);
    expect(entries.filter((e) => e.fixOn.rule === UNCOVERED)).toEqual([]);
  });

  it('the committed fixOn is what the rules and exceptions decide today', () => {
    for (const e of entries) expect(e.fixOn, e.id).toEqual(entryFixOn(e));
  });

  it('every party is a known one, with a reason; configuration and support answers say where', () => {
    for (const e of entries) {
      expect(PARTIES).toContain(e.fixOn.party);
      expect(e.fixOn.reason.length, e.id).toBeGreaterThan(20);
      if (e.fixOn.party === 'tenant' || e.fixOn.party === 'microsoft') expect(e.fixOn.where, e.id).toMatch(/\S{3}/);
    }
    expect(entries.some((e) => e.fixOn.party === 'unknown')).toBe(false);
  });

  it('an entry no rule fits is marked uncovered (so a new page or row fails the test above), not given a default', () => {
    const draft = {
      id: 'dr-123456-499-something-new',
      catalog: 'teams-direct-routing' as const,
      msCode: 123456,
      sipCode: 499,
      phrase: 'Something Microsoft adds next year',
      description: '',
      actions: '- Read the new page.',
      resultCategory: null,
    };
    expect(entryFixOn(draft)).toMatchObject({ party: 'unknown', rule: UNCOVERED });
  });
});

describe('fixOn: the reviewed exceptions', () => {
  it.each(Object.entries(FIX_ON_EXCEPTIONS))('%s: names an entry, overrides the rules, says why', (id, x) => {
    const e = entry(id);
    expect(e.fixOn).toMatchObject({ party: x.party, basis: 'exception', rule: id });
    expect(x.why.length).toBeGreaterThan(40);
    expect(x.reason.length).toBeGreaterThan(20);
    // An exception that agrees with the rules is not needed.
    expect(byRules(e)?.party, `${id} needs no exception`).not.toBe(x.party);
  });
});

describe('fixOn: the examples that motivated it', () => {
  it('569008 / 504 (the SBC certificate expired): your SBC, although Microsoft generated the response', () => {
    const e = entry('dr-569008-504-unable-to-deliver-invite');
    expect(e.origin.side).toBe('microsoft');
    expect(e.fixOn).toMatchObject({ party: 'sbc', basis: 'rule', rule: 'sbc-certificate' });
  });

  it('510559 / 403 (no voice route): your Teams configuration, the voice routing policy', () => {
    const e = entry('dr-510559-403-get-outbound-routing-no');
    expect(e.fixOn).toMatchObject({ party: 'tenant', rule: 'tenant-voice-routing' });
    expect(e.fixOn.where).toContain('Teams admin center > Voice > Voice routing policies');
  });

  it('510562 / 403 (the user is not allowed PSTN calls): your Teams configuration, the licence', () => {
    const e = entry('dr-510562-403-user-is-not-allowed');
    expect(e.fixOn).toMatchObject({ party: 'tenant', rule: 'tenant-licence' });
    expect(e.fixOn.where).toMatch(/Licenses/);
    expect(e.fixOn.where).toMatch(/EnterpriseVoiceEnabled/);
  });

  it('0 and the normal clearings: nothing to fix', () => {
    for (const id of ['callend-0-0-call-ended-successfully-by', 'pstn-0-0-call-ended-successfully-by', 'pstn-560000-0-normal-pstn-call-end', 'pstn-540000-0-normal-pstn-call-end', 'automation-0-200-call-ended-successfully-by']) {
      expect(entry(id).fixOn.party, id).toBe('none');
    }
  });

  it('no Teams Direct Routing entry is left to "Microsoft" unless its actions ask for a support case', () => {
    const teamsMicrosoft = entries.filter((e) => e.catalog === 'teams-direct-routing' && e.fixOn.party === 'microsoft');
    expect(teamsMicrosoft.map((e) => `${e.id} ${e.fixOn.rule}`)).toEqual(['dr-10140-480-call-to-bot-is support-case']);
  });
});

/**
 * Each rule on a real entry it decides, and on a real entry it must not match (a near neighbour:
 * same code, same words, or a case an earlier rule must win).
 */
const RULE_CASES: Array<[rule: string, decides: string, notMatched: string]> = [
  ['result-success', 'callend-0-603-call-ended-successfully-as', 'callend-4521-0-call-ended-because-user'],
  ['success-code', 'callend-4521-0-call-ended-because-user', 'automation-10004-487-timeout-user-did-not'],
  ['no-action-needed', 'dr-540998-503-service-unavailable-service-state', 'dr-510546-403-get-outbound-direct-routing'],
  ['bot-provider', 'dr-10321-486-bot-rejects-the-incoming', 'dr-10140-480-call-to-bot-is'],
  ['support-case', 'dr-10140-480-call-to-bot-is', 'dr-10037-480-no-callee-endpoints-were'],
  ['tenant-voice-routing', 'dr-510559-403-get-outbound-routing-no', 'dr-510562-403-user-is-not-allowed'],
  ['tenant-trunk-config', 'dr-510544-500-get-outbound-direct-routing', 'dr-510532-403-no-trunk-config-was'],
  ['acs-direct-routing-setup', 'pstn-511532-403-resource-sip-trunk-configuration', 'dr-510544-500-get-outbound-direct-routing'],
  ['sbc-contact-fqdn', 'dr-510532-403-no-trunk-config-was', 'dr-510532-403-get-inbound-direct-routing'],
  ['tenant-licence', 'dr-510560-403-user-is-not-enterprise', 'dr-560503-503-service-unavailable-sbc-undergoing'],
  ['tenant-location-based-routing', 'dr-10500-403-current-call-site-state', 'dr-10199-403-call-rejected-as-private'],
  ['tenant-calling-policy', 'dr-10199-403-call-rejected-as-private', 'dr-510563-403-user-is-only-allowed'],
  ['tenant-emergency-routing', 'dr-510544-500-get-outbound-routing-failed', 'dr-510544-500-get-outbound-direct-routing'],
  ['tenant-call-blocking', 'dr-510534-403-get-inbound-direct-routing', 'dr-510532-403-get-inbound-direct-routing'],
  ['tenant-voicemail', 'dr-10191-480-routing-to-voicemail-is', 'callend-10077-480-target-user-was-registered'],
  ['tenant-call-forwarding', 'dr-510482-500-loop-detected', 'dr-10202-404-replacement-call-was-not'],
  ['tenant-dial-plan', 'dr-560484-484-invalid-number-format-sbc', 'pstn-560484-484-incomplete-or-invalid-callee'],
  ['tenant-outbound-restriction', 'dr-510563-403-user-is-only-allowed', 'dr-510562-403-user-is-not-allowed'],
  ['acs-cognitive-services', 'automation-8567-400-acs-resource-service-principal', 'automation-7510-x-managed-identity-validation-error'],
  ['acs-teams-interop', 'automation-7604-x-unauthorized-teams-interop-scenario', 'automation-x-401-unauthorized'],
  ['acs-not-enabled', 'automation-7502-x-access-not-enabled', 'automation-8567-x-acs-resource-service-principal'],
  ['acs-resource-number', 'pstn-511404-404-phone-number-not-found', 'dr-511404-404-getting-user-info-by'],
  ['sbc-certificate', 'dr-569009-504-unable-to-deliver-invite', 'dr-569002-504-unable-to-deliver-invite-3'],
  ['sbc-dns', 'dr-569015-504-unable-to-deliver-invite', 'dr-540998-503-service-unavailable-service-state'],
  ['sbc-reachability', 'dr-569002-504-unable-to-deliver-invite-2', 'dr-569002-504-unable-to-deliver-invite-4'],
  ['sbc-number-format', 'dr-511404-404-getting-user-info-by', 'pstn-511404-404-phone-number-not-found'],
  ['sbc-media-network', 'dr-531004-410-iceconnectivitychecksfailed', 'callend-3100-410-call-setup-failed-due'],
  ['sbc-logs', 'dr-560403-403-forbidden-call-rejected', 'pstn-560403-403-call-forbidden-call-canceled'],
  ['sbc-config', 'dr-540400-400-bad-request', 'dr-549002-504-unable-to-deliver-invite-2'],
  ['carrier-downstream', 'dr-560402-402-payment-required', 'dr-560403-403-forbidden-call-rejected'],
  ['called-party-no-response', 'pstn-560408-408-the-called-party-didn', 'pstn-500001-408-user-gateway-timeout-azure'],
  ['called-party-outcome', 'pstn-560486-486-the-called-number-was', 'automation-4501-487-declined-or-failed-to'],
  ['operation-outcome', 'automation-8533-x-dtmf-option-matched', 'automation-560403-403-call-was-forbidden-canceled'],
  ['teams-client', 'dr-0-408-establishment-timeout', 'callend-x-408-call-controller-timed-out'],
  ['client-network', 'callend-3101-410-call-dropped-due-to', 'dr-531005-410-mediaconnectivityfailure'],
  ['client-device-permission', 'sdk-43016-412-failed-to-start-video', 'sdk-43013-412-failed-to-start-video'],
  ['client-credentials', 'callend-10009-401-unauthenticated-identity-ensure-that', 'sdk-40228-409-failed-to-create-callagent'],
  ['acs-call-blocked', 'pstn-510403-403-call-blocked-no-matching', 'pstn-511404-404-phone-number-not-found'],
  ['dialled-number-format', 'pstn-560484-484-incomplete-or-invalid-callee', 'dr-511404-404-getting-user-info-by'],
  ['result-client-category', 'sdk-41027-400-failed-to-start-video', 'callend-x-404-call-not-found'],
  ['service-failure', 'automation-9001-x-unknown-error-from-underlying', 'sdk-43002-500-failed-to-start-video'],
  ['app-action', 'automation-8519-409-conflict', 'automation-8519-x-conflict'],
  ['app-limit', 'automation-8516-x-call-throttled', 'automation-8519-x-conflict'],
  ['acs-generic-5xx', 'automation-x-503-service-unavailable', 'automation-x-403-forbidden'],
  ['app-request-refused', 'automation-8523-x-invalid-argument', 'automation-8531-x-max-digits-received'],
  ['carrier-named', 'sms-4005-x-message-blocked-by-destination', 'sms-4020-x-message-rejected-by-the'],
  ['acs-generic-4xx', 'automation-x-426-upgrade-required', 'automation-x-487-canceled'],
  ['ms-cannot-reach-sbc', 'dr-549002-504-unable-to-deliver-invite-2', 'dr-549002-504-unable-to-deliver-invite'],
];

describe('fixOn: each rule on real entries', () => {
  it('every rule has a case here and decides at least one entry today', () => {
    expect(RULE_CASES.map(([r]) => r).sort()).toEqual([...ruleIds].sort());
    const counts = new Map<string, number>();
    for (const e of entries) if (e.fixOn.basis === 'rule') counts.set(e.fixOn.rule, (counts.get(e.fixOn.rule) ?? 0) + 1);
    expect([...ruleIds].filter((r) => !counts.get(r))).toEqual([]);
  });

  it.each(RULE_CASES)('%s decides %s and not %s', (ruleId, decides, notMatched) => {
    expect(entry(decides).fixOn).toMatchObject({ basis: 'rule', rule: ruleId });
    expect(entry(notMatched).fixOn.rule).not.toBe(ruleId);
  });

  it('rules never point the fix at the SBC for an ACS app table, nor at an app for a Teams page', () => {
    for (const e of entries) {
      if (['acs-call-end', 'acs-calling-sdk', 'acs-chat', 'acs-sms'].includes(e.catalog)) expect(e.fixOn.party, e.id).not.toBe('sbc');
      if (e.catalog === 'teams-direct-routing') expect(e.fixOn.rule, e.id).not.toMatch(/^app-|^acs-/);
    }
  });
});

describe('fixOn: codes no entry backs (inferred rules)', () => {
  const fixOnOf = (text: string) => diagnose(text).findings[0]!.fixOn;

  it.each([
    ['code 0', 'none', 'code-normal-clearing'],
    ['Reason: Q.850;cause=16;text="Normal call clearing"', 'none', 'code-normal-clearing'],
    ['603', 'none', 'code-call-outcome'],
    ['569999', 'sbc', 'code-ms-cannot-reach-sbc'],
    ['560999', 'sbc', 'code-sbc-answered'],
    ['Reason: Q.850;cause=34;text="No circuit available"', 'carrier', 'code-q850-network'],
    ['510569 403', 'microsoft', 'code-microsoft-unlisted'],
    ['"resultInfo": { "code": 200, "subcode": 9999, "message": "Action completed." }', 'none', 'code-normal-clearing'],
    ['callEndReason: { code: 401, subCode: 44110 } from the CallAgent', 'client', 'code-sdk-client-error'],
    ['Call status updated to Terminated - Server Internal Error. DiagCode: 500#3002.@', 'microsoft', 'code-service-server-error'],
    ['Bad Request. DiagCode: 400#2203', 'unknown', 'code-service-unlisted'],
    ['403', 'unknown', 'code-sip-alone'],
    ['999999', 'unknown', 'code-unknown-shape'],
  ])('%s: %s (%s)', (text, party, rule) => {
    expect(fixOnOf(text)).toMatchObject({ party, basis: 'inferred', rule });
  });

  it('a lone SIP code in a Direct Routing paste, when every Teams code with it is fixed on one side: that side', () => {
    // Nine Teams codes come with SIP 504, every one Microsoft failing to reach the SBC.
    expect(fixOnOf('Direct Routing: calls to the SBC fail with 504')).toMatchObject({ party: 'sbc', basis: 'inferred', rule: 'code-sip-teams-family' });
    // SIP 403 comes with codes fixed in the tenant and one the SBC sent (560403): nothing to infer.
    expect(fixOnOf('Direct Routing: calls to the SBC fail with 403')).toMatchObject({ party: 'unknown', rule: 'code-sip-alone' });
  });

  it('every inferred rule is exercised above, and the last one catches everything', () => {
    expect(INFERRED_FIX_ON_RULES.map((r) => r.id)).toEqual([
      'code-normal-clearing',
      'code-call-outcome',
      'code-ms-cannot-reach-sbc',
      'code-sbc-answered',
      'code-q850-network',
      'code-sdk-client-error',
      'code-service-server-error',
      'code-service-unlisted',
      'code-microsoft-unlisted',
      'code-sip-alone',
      'code-unknown-shape',
    ]);
  });

  it('a documented code keeps its entry\'s fixOn', () => {
    const f = diagnose('510559 403').findings[0]!;
    expect(f.fixOn).toEqual(entry('dr-510559-403-get-outbound-routing-no').fixOn);
  });
});
