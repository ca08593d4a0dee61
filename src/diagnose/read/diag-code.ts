// Teams client logs and Graph calling notifications: "DiagCode: 480#10076", "500#3003.@", and a
// DiagCode with no SIP code before it ("MediaControllerConversationAddParticipantFailed. DiagCode: 7112").
import { blank } from './text';
import type { LineReaderKind } from './types';

export const DIAG_CODE = /(?:diag[ _]?code[ \t]{0,8}[:=]?[ \t]{0,8})?(?<![\w.#])([1-6]\d\d)#(\d{1,7})(?:\.@)?(?![\w#])/gi;
/** The key and a Microsoft code alone: the code's SIP code was not written. */
export const LONE_DIAG_CODE = /(?<![A-Za-z])diag[ _]?code[ \t]{0,8}[:=][ \t]{0,8}["']?(\d{4,7})(?![\w#.]|:\d)/gi;

export const diagCode: LineReaderKind = {
  name: 'diag-code',
  create: (sink) => ({
    // "DiagCode", "diagcode", "Diag_Code": a substring test, cheaper than a pattern on every log line.
    test: (line) => line.includes('#') || line.includes('iag') || line.includes('IAG'),
    read(line, at) {
      const read = (s: string, ms: string, sipCode: string | null, offset: number) => {
        sink.mentions.push({ msCode: Number(ms), sipCode: sipCode === null ? null : Number(sipCode), q850Cause: null, format: 'diag-code', line: at.line, col: offset, excerpt: at.excerpt });
        return blank(s);
      };
      return line
        .replace(DIAG_CODE, (s, sipCode: string, ms: string, offset: number) => read(s, ms, sipCode, offset))
        .replace(LONE_DIAG_CODE, (s, ms: string, offset: number) => read(s, ms, null, offset));
    },
  }),
};
