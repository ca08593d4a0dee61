// Teams client logs: "DiagCode: 480#10076", "500#3003.@".
import { blank } from './text';
import type { LineReaderKind } from './types';

export const DIAG_CODE = /(?:diag[ _]?code[ \t]{0,8}[:=]?[ \t]{0,8})?(?<![\w.#])([1-6]\d\d)#(\d{1,7})(?:\.@)?(?![\w#])/gi;

export const diagCode: LineReaderKind = {
  name: 'diag-code',
  create: (sink) => ({
    test: (line) => line.includes('#'),
    read: (line, at) =>
      line.replace(DIAG_CODE, (s, sipCode: string, ms: string, offset: number) => {
        sink.mentions.push({ msCode: Number(ms), sipCode: Number(sipCode), q850Cause: null, format: 'diag-code', line: at.line, col: offset, excerpt: at.excerpt });
        return blank(s);
      }),
  }),
};
