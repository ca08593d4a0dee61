// `sipdoc report FILE [--json] [--html OUT]`: the analysis of a usage report, a Graph or ACS
// export, or a log, as text, as JSON, or as a self-contained HTML page. FILE `-` reads stdin.
import * as fs from 'node:fs';
import { readReport, reportFromAnyText } from '../diagnose/report';
import { defaultKb } from '../kb/load';
import { reportToHtml } from './report-html';
import { reportToJson } from './report-json';
import { reportToText } from './report-text';

/** A file this large is not read (the bot's own cap is 50 MiB; the CLI allows more). */
export const MAX_REPORT_FILE_BYTES = 256 * 1024 * 1024;

export const REPORT_USAGE = `Usage:
  sipdoc report FILE [--json] [--html OUT]

  FILE   a PSTN / Direct Routing usage report (.csv, .tsv, .xlsx), Graph call records or ACS
         events (.json, .ndjson), or a log or SIP trace (.txt, .log); "-" reads stdin
  --json       the report as one JSON object
  --html OUT   also write a self-contained HTML report to OUT
`;

export interface ReportIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
}

/** Runs the subcommand; returns the exit code (0 answered, 1 the file could not be read, 2 usage). */
export async function runReportCommand(args: string[], io: ReportIo): Promise<number> {
  let json = false;
  let html: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--html') {
      html = args[++i];
      if (!html) return usage(io, '--html needs a file to write');
    } else if (a === '--help') {
      io.stdout(REPORT_USAGE);
      return 0;
    } else if (a.startsWith('--')) return usage(io, `unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return usage(io, files.length ? 'one file at a time' : 'which file?');
  const kb = defaultKb();
  const file = files[0]!;
  let report;
  if (file === '-') {
    report = reportFromAnyText(await io.readStdin(), kb);
  } else {
    let bytes: Buffer;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_REPORT_FILE_BYTES) {
        io.stderr(`sipdoc: ${file} is ${Math.round(size / 1e6)} MB; the most read is ${MAX_REPORT_FILE_BYTES / 1024 / 1024} MiB\n`);
        return 1;
      }
      bytes = fs.readFileSync(file);
    } catch (err) {
      io.stderr(`sipdoc: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 1;
    }
    const name = file.split(/[\\/]/).pop();
    const read = await readReport({ name, bytes }, kb);
    if (!read.ok) {
      io.stderr(`sipdoc: ${file}: ${read.problem}\n`);
      return 1;
    }
    report = read.report;
  }
  if (html) {
    try {
      fs.writeFileSync(html, reportToHtml(report));
    } catch (err) {
      io.stderr(`sipdoc: cannot write ${html}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 1;
    }
  }
  io.stdout(json ? JSON.stringify(reportToJson(report), null, 2) + '\n' : reportToText(report));
  return 0;
}

function usage(io: ReportIo, why: string): number {
  io.stderr(`sipdoc report: ${why}\n\n${REPORT_USAGE}`);
  return 2;
}
