// Options of the `sipdoc` subcommands: `--name value` or `--name=value`, and flags.

export interface ParsedArgs {
  values: Map<string, string>;
  flags: Set<string>;
  rest: string[];
  problem?: string;
}

export function parseArgs(argv: string[], valued: readonly string[], flags: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { values: new Map(), flags: new Set(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      out.rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') return { ...out, problem: `${name} needs a value.` };
      out.values.set(name, v);
    } else if (flags.includes(name) && eq < 0) out.flags.add(name);
    else return { ...out, problem: `unknown option ${name}` };
  }
  return out;
}
