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
