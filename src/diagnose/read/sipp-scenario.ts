// SIPp scenarios (XML), as test suites and issues paste them: `<recv response="422"/>` is the
// answer the scenario waits for from the system under test, a SIP code of that call. An optional
// one (`optional="true"`, a 100 Trying that may come or not) is no failure the scenario expects.
// The messages the scenario sends are SIP messages in CDATA: the trace reader reads those.
import { blank } from './text';
import type { LineReaderKind } from './types';

/** A `<recv response="NNN" ...>` element: the code and the rest of the tag. */
const RECV = /<recv[ \t]{1,8}(?:[a-z_]{1,20}[ \t]{0,2}=[ \t]{0,2}"[^"]{0,80}"[ \t]{1,8}){0,6}?response[ \t]{0,2}=[ \t]{0,2}"([1-6]\d\d)"([^>]{0,200})>?/;
const OPTIONAL = /\boptional[ \t]{0,2}=[ \t]{0,2}"(?:true|global)"/;

export const sippScenario: LineReaderKind = {
  name: 'sipp-scenario',
  create: (sink) => ({
    test: (line) => line.includes('<recv') && line.includes('response'),
    read(line, at) {
      const m = RECV.exec(line);
      if (!m) return line;
      const code = Number(m[1]);
      if (code >= 300 && !OPTIONAL.test(m[0])) {
        sink.mentions.push({ msCode: null, sipCode: code, q850Cause: null, format: 'single', line: at.line, col: m.index + m[0].indexOf(m[1]!), excerpt: at.excerpt });
      }
      return line.slice(0, m.index) + blank(m[0]) + line.slice(m.index + m[0].length);
    },
  }),
};

/** The patterns above, for the static ReDoS check. */
export const SIPP_PATTERNS: readonly RegExp[] = [RECV, OPTIONAL];
