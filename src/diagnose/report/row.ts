// One call (or call attempt) of a report, whatever the source: a row of the Teams admin center's
// PSTN / Direct Routing usage report (CSV, TSV, XLSX), a Microsoft Graph directRoutingLogRow or
// pstnCallLogRow, an ACS event or Call Summary log row. Every reader produces this shape; the
// analysis reads only this shape.

/** The fields a report row can carry. A source fills what it has; the rest stay undefined. */
export interface CallRow {
  /** When the call started or failed, ISO 8601 as the source wrote it (UTC unless it says otherwise). */
  time?: string;
  correlationId?: string;
  sbcFqdn?: string;
  /** The source's own call type (`dr_out`, `user_in`, `ByotOut`, `Outbound`, ...). */
  callType?: string;
  /** Read from the call type or a direction column. */
  direction?: 'inbound' | 'outbound';
  /** Sign-in name or SIP address of the Teams user (or bot). */
  user?: string;
  callerNumber?: string;
  calleeNumber?: string;
  msCode?: number;
  sipCode?: number;
  phrase?: string;
  /** The source's own verdict (Success column, successfulCall, Event type "Success"/"Attempt"). */
  success?: boolean;
  /** Seconds the call was connected. */
  durationSeconds?: number;
  /** 1-based line (CSV, NDJSON) or row (XLSX) of the source, for quoting. */
  line?: number;
}

/** The row fields a report can have as columns; what the analysis says is missing. */
export const ROW_FIELDS = [
  'time',
  'correlationId',
  'sbcFqdn',
  'callType',
  'user',
  'callerNumber',
  'calleeNumber',
  'msCode',
  'sipCode',
  'phrase',
  'success',
  'durationSeconds',
] as const;
export type RowField = (typeof ROW_FIELDS)[number];

export const ROW_FIELD_LABELS: Record<RowField, string> = {
  time: 'time',
  correlationId: 'correlation ID',
  sbcFqdn: 'SBC FQDN',
  callType: 'call type',
  user: 'user',
  callerNumber: 'caller number',
  calleeNumber: 'callee number',
  msCode: 'Microsoft subcode',
  sipCode: 'SIP code',
  phrase: 'SIP phrase',
  success: 'success',
  durationSeconds: 'duration',
};

/** Header and key names, lower case with everything but letters and digits removed. */
export const normalizeName = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Column and key names per field, normalised. The Teams admin center's export (Direct Routing and
 * Calling Plans tabs), Graph's directRoutingLogRow / pstnCallLogRow, ACS Call Summary logs and
 * Call Automation events. The first name found wins for a field, in this order.
 */
export const FIELD_NAMES: Record<RowField, readonly string[]> = {
  time: [
    'starttime', 'starttimeutc', 'startdatetime', 'failuretime', 'failuretimeutc', 'failuredatetime', 'invitetime', 'invitetimeutc',
    'invitedatetime', 'timestamputc', 'timestamp', 'participantstarttime', 'callstarttime', 'time', 'endtime', 'endtimeutc', 'enddatetime',
  ],
  correlationId: ['correlationid', 'callid', 'usageid', 'sharedcorrelationid', 'servercallid'],
  sbcFqdn: ['sbcfqdn', 'trunkfullyqualifieddomainname', 'trunkfqdn', 'gatewayfqdn', 'sbc'],
  callType: ['pstnparticipantcalltype', 'calltype', 'direction', 'calldirection'],
  user: ['sipaddress', 'userprincipalname', 'upn', 'username', 'user', 'userdisplayname', 'displayname', 'identifier'],
  callerNumber: ['callernumber', 'calledfrom', 'callerid', 'from'],
  calleeNumber: ['calleenumber', 'calledto', 'destinationnumber', 'to'],
  msCode: [
    'finalmicrosoftsubcode', 'microsoftsubcode', 'callendsubreason', 'participantendsubcode', 'participantendsubreason', 'microsoftresponsecode',
    'subcode',
  ],
  sipCode: ['finalsipcode', 'sipcode', 'callendreason', 'participantendreason', 'sipresponsecode', 'code'],
  phrase: ['finalsipphrase', 'finalsipcodephrase', 'sipphrase', 'phrase', 'message', 'errormessage'],
  success: ['success', 'successfulcall', 'eventtype'],
  durationSeconds: ['durationseconds', 'duration', 'participantduration', 'callduration'],
};

const DIGITS = /^\d{1,9}$/;
const TRUE_WORDS = new Set(['yes', 'true', 'success', 'successful', '1']);
const FALSE_WORDS = new Set(['no', 'false', 'attempt', 'failed', 'failure', '0']);

/** A code value: digits (number or string); empty, "null", "N/A" and anything else are no code. */
export function codeValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 && v <= 999_999_999 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return DIGITS.test(s) ? Number(s) : undefined;
}

export function boolValue(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  return TRUE_WORDS.has(s) ? true : FALSE_WORDS.has(s) ? false : undefined;
}

/** Seconds from a number, a string of digits, or an ISO 8601 duration (Graph's "PT1M8S"). */
export function secondsValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d{1,9}(?:\.\d{1,6})?$/.test(s)) return Number(s);
  const iso = /^PT(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6}(?:\.\d{1,7})?)S)?$/i.exec(s);
  if (iso && s.length > 2) return Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0);
  return undefined;
}

/** Longest text kept from one cell: a report cell is data, not a document. */
const MAX_CELL = 300;

export function textValue(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim();
  return s ? s.slice(0, MAX_CELL) : undefined;
}

/** Graph's "no value" timestamp (failureDateTime of a call that did not fail). */
const NULL_TIME = /^0001-01-01/;

export function timeValue(v: unknown): string | undefined {
  const s = textValue(v);
  if (!s || NULL_TIME.test(s)) return undefined;
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s) || /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}/.test(s) ? s : undefined;
}

/** inbound / outbound from a call type: dr_in, user_out, ByotIn, Outbound, "Inbound" ... */
export function directionOf(callType: string | undefined): CallRow['direction'] {
  if (!callType) return undefined;
  const t = callType.toLowerCase();
  if (/(?:^|_)in(?:_|$)|^byotin|inbound|^incoming/.test(t)) return 'inbound';
  if (/(?:^|_)out(?:_|$)|^byotout|outbound|^outgoing/.test(t)) return 'outbound';
  return undefined;
}

/** Sets one field of a row from a raw value; false when the value does not fit the field. */
export function setField(row: CallRow, field: RowField, raw: unknown): boolean {
  switch (field) {
    case 'msCode':
    case 'sipCode': {
      const c = codeValue(raw);
      if (c === undefined) return false;
      row[field] = c;
      return true;
    }
    case 'success': {
      const b = boolValue(raw);
      if (b === undefined) return false;
      row.success = b;
      return true;
    }
    case 'durationSeconds': {
      const n = secondsValue(raw);
      if (n === undefined) return false;
      row.durationSeconds = n;
      return true;
    }
    case 'time': {
      const t = timeValue(raw);
      if (!t) return false;
      row.time = t;
      return true;
    }
    default: {
      const t = textValue(raw);
      if (!t) return false;
      row[field] = t;
      if (field === 'callType') row.direction = directionOf(t);
      return true;
    }
  }
}

/**
 * A code under a SIP key that cannot be a SIP code is a Microsoft code (ACS `code: 510559`
 * with no subcode); a SIP code outside 100..699 (other than 0, "no final response") is dropped.
 */
export function settleCodes(row: CallRow): void {
  if (row.sipCode !== undefined && row.sipCode >= 1000 && row.msCode === undefined) {
    row.msCode = row.sipCode;
    delete row.sipCode;
  }
  if (row.sipCode !== undefined && row.sipCode !== 0 && (row.sipCode < 100 || row.sipCode > 699)) delete row.sipCode;
}

/**
 * A Microsoft Graph call-log row (directRoutingLogRow from getDirectRoutingCalls, pstnCallLogRow
 * from getPstnCalls) as a CallRow. Exported for any reader of Graph responses.
 *   correlationId, startDateTime / failureDateTime, trunkFullyQualifiedDomainName, callType,
 *   userPrincipalName, callerNumber, calleeNumber, finalSipCode, callEndSubReason,
 *   finalSipCodePhrase, successfulCall, duration
 */
export function rowFromGraph(record: Record<string, unknown>, line?: number): CallRow {
  const row: CallRow = {};
  const failed = record.successfulCall === false;
  // A failed call's moment is its failure; a call that went through, its start.
  setField(row, 'time', failed ? (record.failureDateTime ?? record.startDateTime) : (record.startDateTime ?? record.inviteDateTime)) ||
    setField(row, 'time', record.startDateTime ?? record.inviteDateTime ?? record.endDateTime);
  setField(row, 'correlationId', record.correlationId ?? record.callId ?? record.id);
  setField(row, 'sbcFqdn', record.trunkFullyQualifiedDomainName);
  setField(row, 'callType', record.callType);
  setField(row, 'user', record.userPrincipalName ?? record.userDisplayName);
  setField(row, 'callerNumber', record.callerNumber);
  setField(row, 'calleeNumber', record.calleeNumber);
  setField(row, 'msCode', record.callEndSubReason);
  setField(row, 'sipCode', record.finalSipCode);
  setField(row, 'phrase', record.finalSipCodePhrase);
  setField(row, 'success', record.successfulCall);
  setField(row, 'durationSeconds', record.duration);
  if (line !== undefined) row.line = line;
  settleCodes(row);
  return row;
}

/** Graph's directRoutingLogRow / pstnCallLogRow have these keys; two of them make a record one. */
const GRAPH_KEYS = ['finalSipCode', 'callEndSubReason', 'trunkFullyQualifiedDomainName', 'successfulCall', 'signalingLocation', 'licenseCapability', 'destinationContext'];

export function isGraphCallRow(record: Record<string, unknown>): boolean {
  let n = 0;
  for (const k of GRAPH_KEYS) if (k in record && ++n >= 2) return true;
  return false;
}
