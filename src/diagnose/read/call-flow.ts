// Call-flow (ladder) diagrams, as RFCs and vendors' pages draw them, also flattened onto one line
// when a page's line breaks are lost: a response labelled with its message number ("487 F15",
// "180 Ringing F6", "| 486 Busy Here (F8) |", RFC 3665 and RFC 5359 style), or written on an
// arrow ("|<---487 Request Terminated---|", "--486 Busy Here-->"), or labelled with its CSeq
// ("401 ( CSeq: 1 REGISTER ) <-", as people sketch a ladder in an issue), or drawn from an arrow's head
// with the sketch's own words ("<-407 Auth required"), or a ladder sketched one message a line
// ("INVITE ->", "100 <-", "480 <-", "ACK ->"). Provisional and successful
// responses are read and dropped (no failure); a failure response is a SIP code. Request labels
// ("INVITE F1"), message numbers and the arrows are not codes.
import { phraseEnd } from './sip-status';
import { blank, cut, isDigitCode } from './text';
import type { LineReaderKind } from './types';

/** A message label ("F15", "(F15)") or a code on an arrow ("-487 ", ">486 "): a cheap test for the line. */
const FLOW_HINT = /[ \t(]F\d{1,3}(?![\w])|[-<>][ \t]?[1-6]\d\d[ \t]|[1-6]\d\d[ \t]{0,3}\([ \t]{0,3}CSeq|^[ \t]{0,8}[1-6]\d\d\b[^<>\n]{0,60}(?:<-|->)/;
/** A label's "F" and a digit, an arrow's two characters or a CSeq: one cheap scan before FLOW_HINT (most log lines have none). */
const MAY_FLOW = /F\d|--|<-|->|CSeq/;
/** The message label after a response: " F15", " (F15)". Sticky, read where the code or its phrase ends. */
const LABEL = /[ \t]{1,3}\(?F\d{1,3}\)?(?![\w])/y;
/** A response's CSeq as its label: " ( CSeq: 1 REGISTER )". Sticky. */
const CSEQ_LABEL = /[ \t]{0,3}\([ \t]{0,3}CSeq:?[ \t]{0,3}\d{1,10}[ \t]{1,3}[A-Z]{3,10}[ \t]{0,3}\)/y;
/** The arrow after a response written on it: "---|", "-->", " --". Sticky. */
const ARROW_AFTER = /[ \t]{0,3}(?:-{1,40}>?|>)/y;
/** An arrow's head before a response, drawn toward the one who receives it: "<-", "<---", "<- ". */
const HEAD_BEFORE = /<-{0,40}[ \t]?$/;
/** The response's words to the end of the line, as a sketch labels its arrow: " Auth required". Sticky. */
const WORDS_TO_END = /[ \t]{1,3}[A-Za-z][A-Za-z' -]{0,40}$/y;

/** What may stand before the response on a sketched ladder's line: nothing, or its arrow ("<- 480"). */
const LADDER_START = /^[ \t]{0,8}(?:(?:<-{1,40}|-{1,40}>)[ \t]{0,3})?$/;
/** A line of a sketched ladder: a method or a status with one arrow, and nothing else ("INVITE ->", "<- 180", "ACK ->"). */
const LADDER_LINE = /^[ \t]{0,8}(?:(?:<-{1,40}|-{1,40}>)[ \t]{0,3}(?:[A-Z]{3,9}|[1-6]\d\d)(?![\w])[^<>\n]{0,60}|(?:[A-Z]{3,9}|[1-6]\d\d)(?![\w])[^<>\n]{0,60}(?:<-{1,40}|-{1,40}>)[ \t]*)$/;

/** What may stand before a labelled response: the line's start, a blank, a lifeline, a bracket. */
const isOpen = (c: number) => Number.isNaN(c) || c === 32 || c === 9 || c === 124 || c === 40;
/** The end of an arrow before a response written on it. */
const isArrow = (c: number) => c === 45 || c === 60 || c === 62;

export const callFlow: LineReaderKind = {
  name: 'call-flow',
  create: (sink) => ({
    test: (line) => MAY_FLOW.test(line) && FLOW_HINT.test(line),
    read(line, at) {
      let out: string[] | undefined;
      let from = 0;
      for (let i = 0; i < line.length; i++) {
        if (!isDigitCode(line.charCodeAt(i))) continue;
        const start = i;
        while (i < line.length && isDigitCode(line.charCodeAt(i))) i++;
        const end = i;
        const code = Number(line.slice(start, end));
        if (end - start !== 3 || code < 100 || code > 699 || isDigitCode(line.charCodeAt(end)) || line.charCodeAt(end) === 46) continue;
        const before = line.charCodeAt(start - 1);
        const arrowed = isArrow(before) || (before === 32 && isArrow(line.charCodeAt(start - 2)));
        if (!arrowed && !isOpen(before)) continue;
        const phrase = phraseEnd(line, end, code);
        const said = phrase >= 0 ? phrase : end;
        LABEL.lastIndex = said;
        let to = LABEL.test(line) ? LABEL.lastIndex : -1;
        if (to < 0) {
          CSEQ_LABEL.lastIndex = said;
          if (CSEQ_LABEL.test(line)) to = CSEQ_LABEL.lastIndex;
        }
        // On an arrow, the phrase is what makes the number a response: "--487 Request Terminated-->".
        if (to < 0 && arrowed && phrase >= 0) {
          ARROW_AFTER.lastIndex = phrase;
          if (ARROW_AFTER.test(line)) to = phrase;
        }
        // A sketch's arrow, its head before the code and its own words after: "<-407 Auth required".
        if (to < 0 && arrowed && HEAD_BEFORE.test(line.slice(Math.max(0, start - 44), start))) {
          WORDS_TO_END.lastIndex = end;
          if (WORDS_TO_END.test(line)) to = line.length;
        }
        // One message of a sketched ladder, a line around it another: "480 <-" under "180 <-".
        if (to < 0 && LADDER_START.test(line.slice(0, start)) && LADDER_LINE.test(line) && (LADDER_LINE.test(at.lineBefore(1) ?? '') || LADDER_LINE.test(at.lineAfter(1) ?? ''))) to = line.length;
        if (to < 0) continue;
        if (code >= 300) {
          sink.mentions.push({
            msCode: null,
            sipCode: code,
            q850Cause: null,
            phrase: phrase >= 0 ? cut(line.slice(end, phrase).trim(), 300) : undefined,
            format: 'single',
            line: at.line,
            col: start,
            excerpt: at.excerpt,
          });
        }
        (out ??= []).push(line.slice(from, start), blank(line.slice(start, to)));
        from = to;
        i = to - 1;
      }
      if (!out) return line;
      out.push(line.slice(from));
      return out.join('');
    },
  }),
};

/** The patterns above, for the static ReDoS check. */
export const FLOW_PATTERNS: readonly RegExp[] = [MAY_FLOW, FLOW_HINT, LADDER_START, LADDER_LINE, LABEL, CSEQ_LABEL, ARROW_AFTER, HEAD_BEFORE, WORDS_TO_END];
