// AudioCodes SBC call detail records as syslog lines: "|CALL_END |SBC |<Call-ID> |<session> |RMT
// |52.114.75.24 |5061 |...|SIPTrmReason |SIPTermDesc |...", with or without the header row
// ("|SBCReportType |EPTyp |SIPCallId |..."). Fields as documented in the Mediant user manuals
// ("CDR Fields for SBC Signaling"). A CALL_END whose SIPTrmReason is a SIP failure code is a
// failed leg: who ended it (TrmSd LCL = this SBC, RMT = the leg's far end) and that far end's
// address (a Microsoft address marks the Teams leg) are its evidence. Media records (MEDIA_START,
// MEDIA_UPDATE, MEDIA_END, header "MediaReportType": ports, packet counts, SSRCs, R-factor and MOS
// values, 127 or 255 for "not available") carry no code: they are read and give nothing.
import { hostOf, microsoftAddress } from '../microsoft';
import type { TraceEvidence, TraceSender } from '../types';
import { splitCorrelation } from './sip-message';
import { blank, cut, isSip } from './text';
import type { LineReaderKind } from './types';

/** The default field order of a signaling CDR (Mediant 7.2 manuals), used when no header row was pasted. */
const DEFAULT_FIELDS = [
  'SBCReportType', 'EPTyp', 'SIPCallId', 'SessionId', 'Orig', 'SourceIp', 'SourcePort', 'DestIp', 'DestPort', 'TransportType',
  'SrcURI', 'SrcURIBeforeMap', 'DstURI', 'DstURIBeforeMap', 'Durat', 'TrmSd', 'TrmReason', 'TrmReasonCategory', 'SetupTime',
  'ConnectTime', 'ReleaseTime', 'RedirectReason', 'RedirectURINum', 'RedirectURINumBeforeMap', 'TxSigIPDiffServ', 'IPGroup',
  'SrdId', 'SIPInterfaceId', 'ProxySetId', 'IpProfileId', 'MediaRealmId', 'DirectMedia', 'SIPTrmReason', 'SIPTermDesc', 'Caller', 'Callee',
].map((f) => f.toLowerCase());

/** A record type or header name, as the first field or ending the syslog prefix ("MEDIA_END       |..."). */
const REPORT_TYPE = /(?:^|[ \t\]>])((?:CALL|MEDIA)_[A-Z]{3,12}|SBCReportType|MediaReportType)[ \t]{0,40}$/;
/** Where a record starts when several were pasted on one line (Teams collapses newlines). */
const RECORD_START = /(?=\[S=\d{1,12}\][ \t]{0,4}\|(?:CALL_|MEDIA_|SBCReportType|MediaReportType))/g;
/** A header cell's name: "IPGroup (description)" -> "ipgroup". */
function norm(f: string): string {
  const t = f.trim();
  const paren = t.endsWith(')') ? t.lastIndexOf(' (') : -1;
  return (paren > 0 ? t.slice(0, paren) : t).toLowerCase();
}

/** The record's fields; a record type written before the first bar is its first field. */
function fieldsOf(line: string): string[] {
  const parts = line.split('|');
  const prefix = parts.length > 1 ? parts.shift()! : '';
  const fields = parts.map((f) => f.trim());
  const type = REPORT_TYPE.exec(prefix.slice(-80));
  if (type) fields.unshift(type[1]!);
  return fields;
}

const isMediaRecord = (first: string) => first.startsWith('MEDIA_') || first === 'MediaReportType';

export const audiocodesCdr: LineReaderKind = {
  name: 'audiocodes-cdr',
  create: (sink) => {
    let names = DEFAULT_FIELDS;
    return {
      test: (line) => line.includes('|CALL_') || line.includes('|SBCReportType') || line.includes('MEDIA_') || line.includes('MediaReportType'),
      read(line, at) {
        const records = line.split(RECORD_START);
        if (records.length > 1) return records.map((r) => this.read(r, at)).join('');
        if (!line.includes('|')) return line;
        const fields = fieldsOf(line);
        if (isMediaRecord(fields[0] ?? '')) {
          sink.traced = true;
          return blank(line);
        }
        if (norm(fields[0] ?? '') === 'sbcreporttype') {
          names = fields.map(norm);
          return '';
        }
        if (fields[0] !== 'CALL_END' && fields[0] !== 'CALL_START' && fields[0] !== 'CALL_CONNECT') return line;
        sink.traced = true;
        const get = (name: string) => {
          const i = names.indexOf(name.toLowerCase());
          return i >= 0 ? fields[i] : undefined;
        };
        const reason = get('SIPTrmReason') ?? '';
        const code = /^\d{3}$/.test(reason) ? Number(reason) : undefined;
        if (fields[0] === 'CALL_END' && code !== undefined && isSip(code) && code >= 300) {
          const orig = get('Orig');
          const trmSd = get('TrmSd');
          // The leg's far end: where the call came from when it originated there, else where it went.
          const far = orig === 'RMT' ? get('SourceIp') : get('DestIp');
          const ms = far ? microsoftAddress(far) : undefined;
          const farParty: TraceSender = ms ? 'microsoft' : 'peer';
          const sender: TraceSender = trmSd === 'LCL' ? 'sbc' : trmSd === 'RMT' ? farParty : 'unknown';
          const quote = cut(`Orig ${orig ?? '?'}, TrmSd ${trmSd ?? '?'}, ${orig === 'RMT' ? 'SourceIp' : 'DestIp'} ${far ?? '?'}, SIPTrmReason ${reason}`, 200);
          const because =
            sender === 'sbc'
              ? 'the CDR says the SBC itself ended this leg (TrmSd LCL)'
              : sender === 'microsoft'
                ? `the CDR says the leg's far end, ${ms!.what}, ended it (TrmSd RMT)`
                : sender === 'peer'
                  ? `the CDR says the leg's far end, ${hostOf(far ?? '') ?? 'the peer'}, ended it (TrmSd RMT)`
                  : 'the CDR does not say which side ended the leg';
          const teams = !!ms;
          const trace: TraceEvidence = {
            sender,
            quote,
            because,
            request: { method: 'INVITE', sender: orig === 'RMT' ? farParty : orig === 'LCL' ? 'sbc' : 'unknown' },
            flow: [],
          };
          trace.leg = teams ? 'teams' : 'other';
          if (far) trace.peer = far;
          const session = get('SessionId');
          if (session) trace.session = session;
          const desc = get('SIPTermDesc');
          // The description holds the Reason header when there is one: keep its text.
          const text = desc ? (/text="([^"]{1,200})/.exec(desc)?.[1] ?? desc) : undefined;
          if (text) trace.reasonText = splitCorrelation(text).phrase;
          const callId = get('SIPCallId');
          if (callId) trace.callId = callId;
          sink.mentions.push({ msCode: null, sipCode: code, q850Cause: null, phrase: desc || undefined, format: 'cdr', line: at.line, col: 0, excerpt: at.excerpt, trace });
        }
        return blank(line);
      },
    };
  },
};

export const CDR_PATTERNS: readonly RegExp[] = [REPORT_TYPE, RECORD_START];
