// `sipdoc graph`: what failed in a time range, read live from Microsoft Graph's call records and
// analysed as a report.
//   sipdoc graph [--last 24h]            the last 24 hours (or 90m, 7d; at most 90 days)
//   sipdoc graph --from 2026-11-19 --to 2026-11-20
//   sipdoc graph --json | --html OUT     as for `sipdoc report FILE`
import * as fs from 'node:fs';
import type { CliIo } from '../cli';
import type { Report } from '../diagnose/report';
import type { TimeRange } from '../graph/call-records';
import { GraphClient } from '../graph/client';
import { GraphConfigError, readGraphConfig } from '../graph/config';
import { GraphError } from '../graph/errors';
import { graphReport } from '../graph/report';
import { defaultKb } from '../kb/load';
import { parseArgs } from './args';
import { reportToHtml } from '../report/report-html';
import { reportToJson } from '../report/report-json';
import { reportToText } from '../report/report-text';

export const GRAPH_USAGE = `Usage:
  sipdoc graph [--last 24h] [--json] [--html OUT]
  sipdoc graph --from <date or time> [--to <date or time>] [--json] [--html OUT]

Reads the tenant's Direct Routing and PSTN call records from Microsoft Graph (application
permission CallRecords.Read.All) and explains what failed. Times are UTC; a date alone is 00:00.
--last takes minutes, hours or days: 90m, 24h, 7d (at most 90 days).
Settings: GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE_PATH.
`;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "24h" -> milliseconds; undefined when it is not a duration. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d{1,5})([mhd])$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** A date (00:00 UTC) or an ISO 8601 time (UTC when no zone is given). */
export function parseTime(text: string): Date | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.test(t)) return undefined;
  const iso = t.length === 10 ? `${t}T00:00:00Z` : /(?:Z|[+-]\d{2}:\d{2})$/.test(t) ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}Z`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function rangeFromArgs(values: Map<string, string>, now: Date): TimeRange | string {
  const last = values.get('--last');
  const from = values.get('--from');
  const to = values.get('--to');
  if (last && (from || to)) return 'Give --last or --from/--to, not both.';
  if (from || to) {
    if (!from) return '--to needs --from.';
    const f = parseTime(from);
    const e = to ? parseTime(to) : now;
    if (!f) return `--from "${from}" is not a date or time (2026-11-19 or 2026-11-19T08:00Z).`;
    if (!e) return `--to "${to}" is not a date or time (2026-11-20 or 2026-11-20T08:00Z).`;
    return { from: f, to: e };
  }
  const ms = durationMs(last ?? '24h');
  if (!ms) return `--last "${last}" is not a duration (90m, 24h, 7d).`;
  return { from: new Date(now.getTime() - ms), to: now };
}

export async function runGraphCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['--last', '--from', '--to', '--html'], ['--json', '--help']);
  if (args.flags.has('--help')) {
    io.stdout(GRAPH_USAGE);
    return 0;
  }
  if (args.problem || args.rest.length) {
    io.stderr(`sipdoc graph: ${args.problem ?? `unexpected "${args.rest[0]}"`}\n\n${GRAPH_USAGE}`);
    return 2;
  }
  const env = io.env ?? process.env;
  let config;
  try {
    config = readGraphConfig(env);
  } catch (err) {
    if (err instanceof GraphConfigError) {
      io.stderr(`sipdoc graph: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!config) {
    io.stderr('sipdoc graph: Microsoft Graph is not configured. Set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CLIENT_CERTIFICATE_PATH) for an app registration with the application permission CallRecords.Read.All and admin consent (README: "Call records from Microsoft Graph").\n');
    return 2;
  }
  const range = rangeFromArgs(args.values, new Date());
  if (typeof range === 'string') {
    io.stderr(`sipdoc graph: ${range}\n`);
    return 2;
  }
  let report: Report;
  try {
    const client = new GraphClient(config);
    report = await graphReport(client, range, defaultKb());
  } catch (err) {
    if (err instanceof GraphError || err instanceof RangeError) {
      io.stderr(`sipdoc graph: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  // As `sipdoc report`: --html also writes the page; the text or JSON goes to stdout.
  const html = args.values.get('--html');
  if (html) {
    try {
      (io.writeFile ?? fs.writeFileSync)(html, reportToHtml(report));
    } catch (err) {
      io.stderr(`sipdoc graph: cannot write ${html}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 1;
    }
  }
  io.stdout(args.flags.has('--json') ? JSON.stringify(reportToJson(report), null, 2) + '\n' : reportToText(report));
  return 0;
}
