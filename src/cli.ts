// The `sipdoc` command: diagnose text given as arguments or piped on stdin.
//   sipdoc "510559 403"          readable answer
//   sipdoc --json "560403"       one JSON object (see README: JSON output)
//   cat report.csv | sipdoc      reads stdin when no text is given
//   sipdoc kb [--json]           every knowledge base entry
//   sipdoc report FILE           a usage report, Graph / ACS export or log, analysed (src/report/command.ts)
import { runDigestCommand } from './commands/digest';
import { runGraphCommand } from './commands/graph';
import { diagnose } from './diagnose';
import { defaultKb } from './kb/load';
import { diagnosisToJson, entryToJson } from './report/json';
import { diagnosisToText, entryLine } from './report/text';
import { runReportCommand } from './report/command';

/** stdin beyond this is not read (a 50 MB log is cut, not loaded whole). */
export const MAX_STDIN_BYTES = 64 * 1024 * 1024;

const USAGE = `Usage:
  sipdoc [--json] "<codes, a log line, a question>"
  <command> | sipdoc [--json]        read a log, CSV report or SIP trace from stdin
  sipdoc kb [--json]                 list every knowledge base entry
  sipdoc report FILE [--json] [--html OUT]   analyse a usage report, Graph / ACS export or log
  sipdoc graph [--last 24h] [--json] [--html OUT]   what failed, from Microsoft Graph call records
  sipdoc digest [--day YYYY-MM-DD]   post the daily digest to the subscribed channels

Examples:
  sipdoc "510559 403"
  sipdoc "560403"
  sipdoc --json "CallEndReason=403 CallEndSubReason=510559"
  cat usage-report.csv | sipdoc
`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
  stdinIsTty: boolean;
  /** The environment the Graph and digest commands read (default process.env). */
  env?: NodeJS.ProcessEnv;
  writeFile?: (file: string, text: string) => void;
}

/** Runs the CLI; returns the exit code (0 answered, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'report') return runReportCommand(argv.slice(1), io);
  if (argv[0] === 'graph') return runGraphCommand(argv.slice(1), io);
  if (argv[0] === 'digest') return runDigestCommand(argv.slice(1), io);
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const words = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--json', '--help', '--version'].includes(f));
  if (flags.has('--help')) {
    io.stdout(USAGE);
    return 0;
  }
  if (unknown.length) {
    io.stderr(`sipdoc: unknown option ${unknown.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  if (flags.has('--version')) {
    io.stdout(`${require('../package.json').version}\n`);
    return 0;
  }
  const json = flags.has('--json');
  if (words[0] === 'kb' && words.length === 1) {
    const kb = defaultKb();
    if (json) io.stdout(JSON.stringify({ entries: kb.entries.map((e) => ({ ...entryToJson(e), originReason: e.origin.reason, originBasis: e.origin.basis, description: e.description })) }, null, 2) + '\n');
    else io.stdout(kb.entries.map(entryLine).join('\n') + '\n');
    return 0;
  }
  let text = words.join(' ');
  if (!text) {
    if (io.stdinIsTty) {
      io.stderr(USAGE);
      return 2;
    }
    text = await io.readStdin();
  }
  const d = diagnose(text);
  io.stdout(json ? JSON.stringify(diagnosisToJson(d), null, 2) + '\n' : diagnosisToText(d));
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = chunk as Buffer;
    if (size + buf.length > MAX_STDIN_BYTES) {
      chunks.push(buf.subarray(0, MAX_STDIN_BYTES - size));
      process.stderr.write(`sipdoc: input cut at ${MAX_STDIN_BYTES} bytes\n`);
      break;
    }
    chunks.push(buf);
    size += buf.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs `sipdoc` in this process with its arguments, stdin and exit code. */
export function main(argv = process.argv.slice(2)): void {
  runCli(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin,
    stdinIsTty: Boolean(process.stdin.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sipdoc: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
