// Silences exactly one Node.js warning: DEP0111, "Access to process.binding('http_parser') is
// deprecated", which restify triggers as it loads (its HTTP/2 support, spdy, uses http-deceiver).
// SIP Doc does not use HTTP/2 and the warning says nothing a user can act on. Every other
// warning, deprecations included, still shows. Imported first by src/server.ts and src/cli.ts,
// before anything loads restify.
const SILENCED = new Set(['DEP0111']);
const WRAPPED = Symbol.for('sipdoc.emitWarning');

type EmitWarning = typeof process.emitWarning;

/** The code of a warning, however emitWarning was called: (w, type, code), (w, { code }) or an Error with .code. */
function warningCode(warning: unknown, typeOrOptions: unknown, code: unknown): unknown {
  if (typeof typeOrOptions === 'object' && typeOrOptions !== null) return (typeOrOptions as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return typeof warning === 'object' && warning !== null ? (warning as { code?: unknown }).code : undefined;
}

const current = process.emitWarning as EmitWarning & { [WRAPPED]?: true };
if (!current[WRAPPED]) {
  const wrapped = function emitWarning(...args: unknown[]) {
    const code = warningCode(args[0], args[1], args[2]);
    if (typeof code === 'string' && SILENCED.has(code)) return;
    return (current as (...a: unknown[]) => void).apply(process, args);
  } as EmitWarning & { [WRAPPED]?: true };
  wrapped[WRAPPED] = true;
  process.emitWarning = wrapped;
}

export {};
