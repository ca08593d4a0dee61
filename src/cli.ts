// The `sipdoc` command: diagnose text given as arguments or piped on stdin.
//   sipdoc "510559 403"          readable answer
//   sipdoc --json "560403"       one JSON object (see README: JSON output)
//   cat report.csv | sipdoc      reads stdin when no text is given
//   sipdoc kb [--json]           every knowledge base entry
//   sipdoc report FILE           a usage report, Graph / ACS export or log, analysed (src/report/command.ts)
import './warnings'; // first, like the server: only restify's DEP0111 is silenced
import { runDigestCommand } from './commands/digest';
import { runGraphCommand } from './commands/graph';
import { diagnose } from './diagnose';
import { BinaryInputError, readText } from './input-text';
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

Exit status: 0 when it found a code and answered, 1 when it found no code in the text
(entries matching its words may still be listed), 2 on a usage error, 3 if it failed.
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

/** Runs the CLI; returns the exit code (0 answered, 1 no code found, 2 usage error; main() exits 3 on a failure). */
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
    if (json) io.stdout(JSON.stringify({ entries: kb.entries.map((e) => ({ ...entryToJson(e), originReason: e.origin.reason, originBasis: e.origin.basis, description: e.description, docTitle: e.docTitle, source: e.source })) }, null, 2) + '\n');
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
  // Scripts can tell "no code in this text" from an answer.
  return d.findings.length > 0 ? 0 : 1;
}

/** stdin as text, bounded; binary input is refused from its first bytes (src/input-text.ts). */
function readStdin(): Promise<string> {
  return readText(process.stdin, MAX_STDIN_BYTES, (max) => process.stderr.write(`sipdoc: input cut at ${max} bytes\n`));
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
      // Input that is not text is the caller's mistake, like a wrong option (2); 1 says "no code found".
      process.exitCode = err instanceof BinaryInputError ? 2 : 3;
    },
  );
}

if (require.main === module) main();
