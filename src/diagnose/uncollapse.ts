// A log pasted as one line: a chat that collapses the line breaks of a paste delivers every record
// of a log on one line. Where a long line holds several records, each opening with its time stamp,
// the breaks go back before the line readers see it, so the collapsed log reads as the log it was.

/**
 * A space before a record's time stamp: ISO date and time (after FreeSWITCH's call UUID, when the
 * record starts with one), syslog's "Dec  2 10:45:50", a time with milliseconds, a bracketed time
 * ("[10:45:50 DBG]"). Not after a table's or a header's separator:
 * "| 2024-05-01 10:00 |" is a cell and "Date: 2024-05-01 10:00" a header; and a time right after a
 * date is that date's ("2017-12-16 14:29:13.974", "15/07/2020 10:00:00.123", "Dec  2 10:45:50.123").
 */
export const RECORD_START = new RegExp(
  String.raw`(?<![|,;=:"'(]|-[0-9a-f]{12})[ \t](?=(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[ \t])?\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]{1,2}\d{1,2}[ \t]\d{2}:\d{2}:\d{2})` +
    String.raw`|(?<![|,;=:"'(]|\d[-/.]\d{1,4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]{1,2}\d{1,2})[ \t](?=\[?\d{2}:\d{2}:\d{2}[.,]\d{3}|\[\d{2}:\d{2}:\d{2}[ \]])`,
  'g',
);
/** Only a line this long can be a collapsed log ... */
const MIN_LINE_CHARS = 200;
/** ... with at least this many records on it ... */
const MIN_RECORDS = 3;
/** ... in a paste of at most this many lines (a chat message, not a log file). */
const MAX_LINES = 50;

/** The text with the line breaks of its collapsed logs put back, or undefined when it has none. */
export function uncollapse(text: string): string | undefined {
  if (text.length < MIN_LINE_CHARS) return undefined;
  const lines = text.split('\n', MAX_LINES + 1);
  if (lines.length > MAX_LINES) return undefined;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length < MIN_LINE_CHARS) continue;
    const starts = [...line.matchAll(RECORD_START)];
    if (starts.length + 1 < MIN_RECORDS) continue;
    lines[i] = line.replace(RECORD_START, '\n');
    changed = true;
  }
  return changed ? lines.join('\n') : undefined;
}
