// The key reader scans a line only from where a key can start (a hint word, less the longest lead
// a key has before one). Over every line of the corpus and the fixtures, and over keys padded far
// into a line, it must find exactly what a scan of the whole line finds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_VALUE, replaceKeyValues } from '../../src/diagnose/read/key-value';

const mark = (s: string) => `<${s}>`;
const whole = (line: string) => line.replace(KEY_VALUE, mark);
const anchored = (line: string) => replaceKeyValues(line, (m) => mark(m[0]));

function textFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...textFiles(p));
    else if (/\.(txt|log|csv|json|md)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('the key scan from hint words finds what a whole-line scan finds', () => {
  const root = path.join(__dirname, '..');
  const lines = [path.join(root, 'corpus'), path.join(root, 'fixtures')].flatMap(textFiles).flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'));

  it(`on every line of the corpus and the fixtures (${lines.length} lines)`, () => {
    expect(lines.length).toBeGreaterThan(5000);
    let keyed = 0;
    for (const line of lines) {
      const want = whole(line);
      if (want !== line) keyed++;
      expect(anchored(line), line).toBe(want);
    }
    // The corpus does hold keys: the comparison is not between two unchanged lines.
    expect(keyed).toBeGreaterThan(500);
  });

  it.each([
    'last_bridge_proto_specific_hangup_cause: sip:486',
    '"participant_end_sub_reason": 510559',
    'microsoft-response-sub-code=560403',
    'subcodigo final: 560403',
    'Código de resposta SIP: 408',
    'sottocodice finale 560487',
    'Microsoft の応答コードが 560403',
    'CallEndReason=403 CallEndSubReason=510559',
  ])('a key far into a line: %s', (key) => {
    const line = `2026-11-22T10:00:00.000Z [call 17] correlationId=5f0c1f2e-8a3b-4c1d-9e2f-0a1b2c3d4e5f host=sbc1.contoso.com ${key} trailing=1`;
    expect(anchored(line)).toBe(whole(line));
    expect(anchored(line)).not.toBe(line);
  });
});
