// Structured logs (pino, JSON lines on stdout). What is logged: activity and conversation ids,
// sizes, timings, errors. What is not: the text people paste (it can hold phone numbers and
// customer names); at debug level only its length.
import pino from 'pino';

export type Logger = pino.Logger;

/** A logger writing JSON lines to stdout, or to `destination` (tests read it back). */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'sipdoc' },
    // Belt and braces: never print these fields even if a caller passes them.
    redact: { paths: ['text', 'activity.text', 'req.body', '*.text', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that drops everything: for tests and the CLI. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** Longest value of a field copied from a request into a log line (ids, types, reasons). */
export const MAX_LOGGED_CHARS = 200;

/**
 * A request's value as a log field: strings cut to MAX_LOGGED_CHARS (with the full length), other
 * types by name. An unauthenticated request can carry a 1 MB id; the log must not copy it.
 */
export function logField(value: unknown, max = MAX_LOGGED_CHARS): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return `(${Array.isArray(value) ? 'array' : typeof value})`;
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}
