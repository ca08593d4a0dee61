// A log pasted as one line: a chat that collapses the line breaks of a paste delivers every record
// of a log on one line. Where a long line holds several records, each opening with its time stamp
// (or, in a log without one, with its process and level), the breaks go back before the line
// readers see it, so the collapsed log reads as the log it was.
import { PROCESS_LOG_LEVELS } from './read/text';

const MONTH = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const UUID = String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
/** A date and its time: ISO ("2024-05-01 10:00", after FreeSWITCH's call UUID when the record starts with one), Go's log ("2025/06/25 13:04:53"), syslog's ("Dec  2 10:45:50"). */
const DATED = String.raw`(?:${UUID}[ \t])?\[?\d{4}(?:-\d{2}-\d{2}|\/\d{2}\/\d{2})[ T]\d{2}:\d{2}|(?:${MONTH})[ \t]{1,2}\d{1,2}[ \t]\d{2}:\d{2}:\d{2}`;
/** A time alone: with milliseconds ("10:45:50.123"), or bracketed ("[10:45:50 DBG]"). */
const CLOCK = String.raw`\[?\d{2}:\d{2}:\d{2}[.,]\d{3}|\[\d{2}:\d{2}:\d{2}[ \]]`;
/** A record with no time stamp, opened by its process and level: OpenSIPS's " [22867] DBG:", Kamailio's "85(1916510) ERROR:". */
const PROCESS = String.raw`\[\d{2,7}\][ \t]?(?:${PROCESS_LOG_LEVELS}):|\d{1,4}\(\d{1,9}\)[ \t](?:${PROCESS_LOG_LEVELS}):`;
/** A separator after which a time stamp is a value: "| 2024-05-01 10:00 |" is a cell, "Date: 2024-05-01 10:00" a header. */
const VALUE_AFTER = `[|,;=:"'(]`;
/** The end of a date: a time after it is that date's ("2017-12-16 14:29:13.974", "15/07/2020 10:00:00.123", "Dec  2 10:45:50.123"). */
const DATE_END = String.raw`\d[-/.]\d{1,4}|(?:${MONTH})[ \t]{1,2}\d{1,2}`;

/** A space before a record's time stamp (or its process and level); not inside one, nor after a value's separator or a call's UUID. */
export const RECORD_START = new RegExp(String.raw`(?<!${VALUE_AFTER}|-[0-9a-f]{12})[ \t](?=${DATED})|(?<!${VALUE_AFTER}|${DATE_END})[ \t](?=${CLOCK})|(?<!${VALUE_AFTER})[ \t](?=${PROCESS})`, 'g');
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
