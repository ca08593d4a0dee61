// The documented JSON shape of a report (`sipdoc report FILE --json`): the Report type as it is,
// with each kind's finding in the same shape as `sipdoc --json` findings. Fields are only added.
import type { Report, ReportKind } from '../diagnose/report';
import { findingToJson, type JsonFinding } from './json';

export type JsonReportKind = Omit<ReportKind, 'finding'> & { finding: JsonFinding };
export type JsonReport = Omit<Report, 'kinds'> & { kinds: JsonReportKind[] };

export function reportToJson(r: Report): JsonReport {
  return { ...r, kinds: r.kinds.map((k) => ({ ...k, finding: findingToJson(k.finding) })) };
}
