// A static check of the patterns that read pasted text (src/diagnose, src/teams): every regular
// expression literal in those files, and the patterns the readers build at run time, go through
// recheck (a ReDoS checker that finds polynomial as well as exponential backtracking). A pattern
// it reports vulnerable fails the test (a polynomial report once V8 also matches its attack in
// more than linear time); the timing tests in linear.test.ts cover the same patterns on real input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, type AttackPattern } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as cdr from '../../src/diagnose/read/audiocodes-cdr';
import * as bare from '../../src/diagnose/read/bare-numbers';
import * as flow from '../../src/diagnose/read/call-flow';
import * as diag from '../../src/diagnose/read/diag-code';
import * as fence from '../../src/diagnose/read/fenced-json';
import * as kv from '../../src/diagnose/read/key-value';
import * as table from '../../src/diagnose/read/markdown-table';
import * as prose from '../../src/diagnose/read/prose';
import * as status from '../../src/diagnose/read/sip-status';
import * as message from '../../src/diagnose/read/sip-message';
import * as trace from '../../src/diagnose/read/sip-trace';
import * as framing from '../../src/diagnose/read/trace-framing';
import * as words from '../../src/diagnose/words';
import * as extract from '../../src/diagnose/extract';
import * as uncollapse from '../../src/diagnose/uncollapse';
import * as siblings from '../../src/diagnose/list-siblings';
import * as repeated from '../../src/diagnose/repeated-codes';

const SRC = path.join(__dirname, '..', '..', 'src');
const SCOPE = ['diagnose', 'teams'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

/** Regular expression literals, found by the TypeScript parser (not by a pattern over the source). */
function literals(): Pattern[] {
  const out: Pattern[] = [];
  for (const file of SCOPE.flatMap((d) => files(path.join(SRC, d)))) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        out.push({ where: `${path.relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** The patterns built at run time (new RegExp(...)), as the readers export them. */
function built(): Pattern[] {
  const out: Pattern[] = [];
  const modules = { cdr, bare, flow, diag, fence, kv, table, prose, status, message, trace, framing, words, extract, uncollapse, siblings, repeated };
  for (const [name, mod] of Object.entries(modules)) {
    for (const [key, value] of Object.entries(mod)) {
      const list = value instanceof RegExp ? [value] : Array.isArray(value) && value.every((v) => v instanceof RegExp) ? (value as RegExp[]) : [];
      for (const re of list) out.push({ where: `${name}.${key}`, source: re.source, flags: re.flags });
    }
  }
  return out;
}

/**
 * recheck's fuzzer counts the steps of its own VM, where a bounded repeat (`{1,2000}`) can look
 * polynomial, and confirms by timing, which a loaded machine skews. A polynomial it reports is
 * timed again in V8 itself: the attack with its pumps repeated n and 4n times (about 5,000 and
 * 20,000 characters), the best of five runs each. Linear matching takes about 4 times as long;
 * quadratic, 16 times. An exponential report is trusted as it is.
 */
function superlinearInV8(p: Pattern, r: { attack: AttackPattern; complexity: { type: string } }): boolean {
  if (r.complexity.type !== 'polynomial') return true;
  const re = new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`);
  const build = (times: number) => r.attack.pumps.map((x) => x.prefix + x.pump.repeat(times)).join('') + r.attack.suffix;
  const n = Math.max(1, Math.floor(5_000 / Math.max(1, r.attack.pumps.reduce((sum, x) => sum + x.pump.length, 0))));
  const best = (text: string) => {
    let min = Infinity;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      text.replace(re, '');
      min = Math.min(min, performance.now() - t);
    }
    return Math.max(min, 0.2);
  };
  return best(build(4 * n)) / best(build(n)) > 8;
}

describe('ReDoS: the patterns that read pasted text', () => {
  it('finds the patterns', () => {
    expect(literals().length).toBeGreaterThan(60);
    // The run-time patterns are there too (KEY_VALUE, the collapsed-trace boundary, the prose patterns).
    const names = built().map((p) => p.where);
    for (const n of ['kv.KEY_VALUE', 'prose.WHO_SENDS', 'prose.GOT_FROM', 'message.MESSAGE_PATTERNS', 'trace.TRACE_PATTERNS', 'framing.FRAME_PATTERNS', 'uncollapse.RECORD_START', 'siblings.LIST_SIBLING_PATTERNS', 'repeated.REPEATED_CODE_PATTERNS']) {
      expect(names.some((x) => x === n || x.startsWith(`${n}`)), n).toBe(true);
    }
  });

  it('the V8 timing that confirms a polynomial report tells quadratic from linear', () => {
    const attack = (pump: string, suffix: string): AttackPattern => ({ pumps: [{ prefix: '', pump, bias: 0 }], suffix, base: 0, string: '', pattern: '' });
    const polynomial = { type: 'polynomial' };
    // Each start scans to the end of the run and fails: quadratic.
    expect(superlinearInV8({ where: 'quadratic', source: '[a-z]+\\d', flags: '' }, { attack: attack('a', '!'), complexity: polynomial })).toBe(true);
    // A bounded repeat: linear.
    expect(superlinearInV8({ where: 'bounded', source: '[a-z]{1,9}\\d', flags: '' }, { attack: attack('a', '!'), complexity: polynomial })).toBe(false);
  });

  it('recheck proves none of them vulnerable', async () => {
    const seen = new Map<string, Pattern>();
    for (const p of [...literals(), ...built()]) seen.set(`${p.flags.replace(/[gy]/g, '')}/${p.source}`, p);
    const vulnerable: string[] = [];
    const unknown: string[] = [];
    for (const p of seen.values()) {
      // The global and sticky flags change where matching starts, not how it backtracks.
      const r = await check(p.source, p.flags.replace(/[gy]/g, ''), { timeout: 3000 });
      if (r.status === 'vulnerable' && superlinearInV8(p, r)) vulnerable.push(`${p.where}: /${p.source}/ (${r.complexity.type}${'summary' in r.complexity ? `, ${r.complexity.summary}` : ''})`);
      else if (r.status === 'unknown') unknown.push(p.where);
    }
    if (unknown.length) console.log(`recheck could not decide in time (covered by linear.test.ts): ${unknown.join(', ')}`);
    expect(vulnerable).toEqual([]);
  }, 600_000);
});
