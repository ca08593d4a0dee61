import { describe, it, expect } from 'vitest';
import {
  SIP_CODES,
  sipCodeInfo,
  sipClassOf,
  sipClassMeaning,
  type SipClass,
} from '../src/kb/knowledge/sip-codes';
import { Q850_CAUSES, q850Cause, q850ClassOf } from '../src/kb/knowledge/q850';

const CLASS_BY_HUNDRED: Record<number, SipClass> = {
  1: 'provisional',
  2: 'success',
  3: 'redirection',
  4: 'client-failure',
  5: 'server-failure',
  6: 'global-failure',
};

describe('SIP response codes', () => {
  it('are unique and sorted ascending', () => {
    const codes = SIP_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
  });

  it('have a class matching their hundred', () => {
    for (const c of SIP_CODES) {
      expect(c.code).toBeGreaterThanOrEqual(100);
      expect(c.code).toBeLessThanOrEqual(699);
      expect(c.cls, String(c.code)).toBe(CLASS_BY_HUNDRED[Math.floor(c.code / 100)]);
      expect(sipClassOf(c.code)).toBe(c.cls);
    }
  });

  it('have no empty or untrimmed strings and a well-formed RFC reference', () => {
    for (const c of SIP_CODES) {
      for (const s of [c.reason, c.rfc, c.meaning, c.inTeamsCall]) {
        expect(s.trim(), String(c.code)).not.toBe('');
        expect(s, String(c.code)).toBe(s.trim());
      }
      expect(c.rfc, String(c.code)).toMatch(/^RFC \d{4}$/);
    }
  });

  it('include the codes the bot relies on', () => {
    const required = [
      100, 180, 181, 182, 183, 199, 200, 202, 204, 300, 301, 302, 305, 380, 400, 401, 402, 403, 404, 405, 406,
      407, 408, 410, 412, 413, 414, 415, 416, 417, 420, 421, 422, 423, 424, 428, 429, 433, 436, 437, 438, 439,
      440, 469, 470, 480, 481, 482, 483, 484, 485, 486, 487, 488, 489, 491, 493, 494, 500, 501, 502, 503, 504,
      505, 513, 555, 580, 600, 603, 604, 606, 607, 608,
    ];
    const missing = required.filter((code) => sipCodeInfo(code) === undefined);
    expect(missing).toEqual([]);
  });

  it('do not include codes that no current RFC defines', () => {
    // 409 and 411 come from RFC 2543 only; 490 and 492 were never assigned.
    for (const code of [409, 411, 490, 492, 477, 699]) expect(sipCodeInfo(code)).toBeUndefined();
  });

  it.each([
    [403, 'Forbidden', 'RFC 3261', 'client-failure'],
    [404, 'Not Found', 'RFC 3261', 'client-failure'],
    [422, 'Session Interval Too Small', 'RFC 4028', 'client-failure'],
    [481, 'Call/Transaction Does Not Exist', 'RFC 3261', 'client-failure'],
    [487, 'Request Terminated', 'RFC 3261', 'client-failure'],
    [488, 'Not Acceptable Here', 'RFC 3261', 'client-failure'],
    [500, 'Server Internal Error', 'RFC 3261', 'server-failure'],
    [503, 'Service Unavailable', 'RFC 3261', 'server-failure'],
    [504, 'Server Time-out', 'RFC 3261', 'server-failure'],
    [580, 'Precondition Failure', 'RFC 3312', 'server-failure'],
    [603, 'Decline', 'RFC 3261', 'global-failure'],
    [607, 'Unwanted', 'RFC 8197', 'global-failure'],
    [608, 'Rejected', 'RFC 8688', 'global-failure'],
    [183, 'Session Progress', 'RFC 3261', 'provisional'],
    [437, 'Unsupported Credential', 'RFC 8224', 'client-failure'],
  ] as const)('%i is %s (%s)', (code, reason, rfc, cls) => {
    const info = sipCodeInfo(code);
    expect(info).toBeDefined();
    expect(info?.reason).toBe(reason);
    expect(info?.rfc).toBe(rfc);
    expect(info?.cls).toBe(cls);
  });

  it('classify by hundred at the boundaries', () => {
    expect(sipClassOf(99)).toBeUndefined();
    expect(sipClassOf(100)).toBe('provisional');
    expect(sipClassOf(199)).toBe('provisional');
    expect(sipClassOf(200)).toBe('success');
    expect(sipClassOf(477)).toBe('client-failure');
    expect(sipClassOf(699)).toBe('global-failure');
    expect(sipClassOf(700)).toBeUndefined();
    expect(sipClassOf(0)).toBeUndefined();
    expect(sipClassOf(-486)).toBeUndefined();
    expect(sipClassOf(486.5)).toBeUndefined();
    expect(sipClassOf(Number.NaN)).toBeUndefined();
  });

  it('have a distinct, non-empty meaning for every class', () => {
    const classes = Object.values(CLASS_BY_HUNDRED);
    const meanings = classes.map((c) => sipClassMeaning(c));
    for (const m of meanings) expect(m.trim()).not.toBe('');
    expect(new Set(meanings).size).toBe(classes.length);
  });

  it('return undefined for unknown codes', () => {
    for (const code of [0, 1, 99, 299, 477, 599, 700, 999, -404, 404.5, Number.NaN]) {
      expect(sipCodeInfo(code)).toBeUndefined();
    }
  });

  it('cannot be modified through the exported array', () => {
    expect(Object.isFrozen(SIP_CODES)).toBe(true);
    expect(Object.isFrozen(sipCodeInfo(403))).toBe(true);
  });
});

describe('Q.850 cause values', () => {
  it('are unique, sorted and within 1..127', () => {
    const causes = Q850_CAUSES.map((c) => c.cause);
    expect(new Set(causes).size).toBe(causes.length);
    expect(causes).toEqual([...causes].sort((a, b) => a - b));
    for (const c of causes) {
      expect(c).toBeGreaterThanOrEqual(1);
      expect(c).toBeLessThanOrEqual(127);
    }
  });

  it('include every commonly defined cause', () => {
    const required = [
      1, 2, 3, 6, 7, 16, 17, 18, 19, 20, 21, 22, 26, 27, 28, 29, 30, 31, 34, 38, 41, 42, 43, 44, 46, 47, 49, 50,
      53, 55, 57, 58, 62, 63, 65, 66, 69, 70, 79, 81, 82, 83, 84, 85, 86, 87, 88, 90, 91, 95, 96, 97, 98, 99,
      100, 101, 102, 103, 111, 127,
    ];
    const missing = required.filter((c) => q850Cause(c) === undefined);
    expect(missing).toEqual([]);
  });

  it('have a class matching their Q.850 range', () => {
    const ranges: [number, number, string][] = [
      [1, 31, 'normal'],
      [32, 47, 'resource-unavailable'],
      [48, 63, 'service-unavailable'],
      [64, 79, 'service-not-implemented'],
      [80, 95, 'invalid-message'],
      [96, 111, 'protocol-error'],
      [112, 127, 'interworking'],
    ];
    for (const c of Q850_CAUSES) {
      const range = ranges.find(([lo, hi]) => c.cause >= lo && c.cause <= hi);
      expect(range, String(c.cause)).toBeDefined();
      expect(c.cls, String(c.cause)).toBe(range?.[2]);
    }
    expect(q850ClassOf(0)).toBeUndefined();
    expect(q850ClassOf(128)).toBeUndefined();
    expect(q850ClassOf(24)).toBe('normal');
  });

  it('have no empty strings', () => {
    for (const c of Q850_CAUSES) {
      expect(c.name.trim(), String(c.cause)).not.toBe('');
      expect(c.meaning.trim(), String(c.cause)).not.toBe('');
    }
  });

  it('map only to SIP failure codes the SIP table knows', () => {
    for (const c of Q850_CAUSES) {
      if (c.sipEquivalent === undefined) continue;
      expect(c.sipEquivalent, String(c.cause)).toBeGreaterThanOrEqual(300);
      expect(sipCodeInfo(c.sipEquivalent), `${c.cause} -> ${c.sipEquivalent}`).toBeDefined();
    }
  });

  it('spot-check well-known causes and their RFC 3398 mapping', () => {
    expect(q850Cause(16)?.name).toBe('Normal call clearing');
    expect(q850Cause(16)?.cls).toBe('normal');
    expect(q850Cause(16)?.sipEquivalent).toBeUndefined();

    expect(q850Cause(17)?.name).toBe('User busy');
    expect(q850Cause(17)?.sipEquivalent).toBe(486);

    expect(q850Cause(1)?.name).toMatch(/^Unallocated\b.*number$/);
    expect(q850Cause(1)?.sipEquivalent).toBe(404);

    expect(q850Cause(18)?.sipEquivalent).toBe(408);
    expect(q850Cause(19)?.sipEquivalent).toBe(480);
    expect(q850Cause(21)?.sipEquivalent).toBe(403);
    expect(q850Cause(28)?.sipEquivalent).toBe(484);

    expect(q850Cause(34)?.cls).toBe('resource-unavailable');
    expect(q850Cause(34)?.sipEquivalent).toBe(503);

    expect(q850Cause(102)?.sipEquivalent).toBe(504);

    expect(q850Cause(127)?.name).toMatch(/^Interworking,? unspecified$/);
    expect(q850Cause(127)?.cls).toBe('interworking');
    expect(q850Cause(127)?.sipEquivalent).toBe(500);
  });

  it('return undefined for unknown causes', () => {
    for (const c of [0, 10, 24, 32, 128, 255, -16, 16.5, Number.NaN]) expect(q850Cause(c)).toBeUndefined();
  });
});
