// A static check of the patterns that read pasted text (src/diagnose, src/teams): every regular
// expression literal in those files, and the patterns the readers build at run time, go through
// recheck (a ReDoS checker that finds polynomial as well as exponential backtracking). A pattern
// it proves vulnerable fails the test; the timing tests in linear.test.ts cover the same patterns
// on real input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'recheck';
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
  const modules = { cdr, bare, flow, diag, fence, kv, table, prose, status, message, trace, framing, words };
  for (const [name, mod] of Object.entries(modules)) {
    for (const [key, value] of Object.entries(mod)) {
      const list = value instanceof RegExp ? [value] : Array.isArray(value) && value.every((v) => v instanceof RegExp) ? (value as RegExp[]) : [];
      for (const re of list) out.push({ where: `${name}.${key}`, source: re.source, flags: re.flags });
    }
  }
  return out;
}

describe('ReDoS: the patterns that read pasted text', () => {
  it('finds the patterns', () => {
    expect(literals().length).toBeGreaterThan(60);
    // The run-time patterns are there too (KEY_VALUE, the collapsed-trace boundary, the prose patterns).
    const names = built().map((p) => p.where);
    for (const n of ['kv.KEY_VALUE', 'prose.WHO_SENDS', 'prose.GOT_FROM', 'message.MESSAGE_PATTERNS', 'trace.TRACE_PATTERNS', 'framing.FRAME_PATTERNS']) {
      expect(names.some((x) => x === n || x.startsWith(`${n}`)), n).toBe(true);
    }
  });

  it('recheck proves none of them vulnerable', async () => {
    const seen = new Map<string, Pattern>();
    for (const p of [...literals(), ...built()]) seen.set(`${p.flags.replace(/[gy]/g, '')}/${p.source}`, p);
    const vulnerable: string[] = [];
    const unknown: string[] = [];
    for (const p of seen.values()) {
      // The global and sticky flags change where matching starts, not how it backtracks.
      const r = await check(p.source, p.flags.replace(/[gy]/g, ''), { timeout: 3000 });
      if (r.status === 'vulnerable') vulnerable.push(`${p.where}: /${p.source}/ (${r.complexity.type}${'summary' in r.complexity ? `, ${r.complexity.summary}` : ''})`);
      else if (r.status === 'unknown') unknown.push(p.where);
    }
    if (unknown.length) console.log(`recheck could not decide in time (covered by linear.test.ts): ${unknown.join(', ')}`);
    expect(vulnerable).toEqual([]);
  }, 600_000);
});
