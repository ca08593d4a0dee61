// What diagnose() found, in the shapes the reading tests compare.
import { expect } from 'vitest';
import { diagnose, type Finding } from '../../src/diagnose/index';

/** The codes of the findings, in order: "ms/sip" with "-" for none. */
export const codes = (text: string): string[] => diagnose(text).findings.map((f) => `${f.msCode ?? '-'}/${f.sipCode ?? '-'}`);

/** The first finding, which must exist. */
export function first(text: string): Finding {
  const f = diagnose(text).findings[0];
  expect(f, text).toBeDefined();
  return f!;
}
