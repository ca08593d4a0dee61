// Words that say who answered, beside a SIP code: "the SBC returns 504", "Teams sends back 404",
// "we get 403 from Microsoft". Evidence, weaker than a trace's headers (origin basis `prose`).
// Nothing is consumed: the code itself is read by the other readers, and the words are attached to it.
import type { ProseEvidence } from '../types';
import { cut } from './text';
import type { LineReaderKind } from './types';

const ARTICLE = String.raw`(?:(?:the|our|their|der|die|das|unser|le|la|notre|el|nuestro)[ \t]{1,4})?`;
const WHO = String.raw`(SBCs?|session border controller|gateway|carrier|provider|trunk|PBX|Teams|Microsoft|MS|SIP proxy|Direct Routing|Anbieter|opérateur|operador)`;
const VERB = String.raw`(?:is[ \t]{1,4})?(?:returns?|returned|returning|sends?(?:[ \t]{1,4}back)?|sent(?:[ \t]{1,4}back)?|sending(?:[ \t]{1,4}back)?|answers?(?:ed)?|respond(?:s|ed)?|repl(?:ies|ied|y)|rejects?(?:[ \t]{1,4}(?:it|the call|calls))?|gives?|throws?|liefert|sendet|antwortet|gibt|renvoie|retourne|répond|devuelve|responde|envía)`;
const LINK = String.raw`(?:[ \t]{1,4}(?:with|mit|avec|con|back|zurück))?(?:[ \t]{1,4}(?:an?|ein(?:en)?|une?|un))?(?:[ \t]{1,4}SIP)?`;
/** "the SBC returns 504" */
export const WHO_SENDS = new RegExp(String.raw`\b${ARTICLE}${WHO}[ \t]{1,4}${VERB}${LINK}[ \t]{1,4}["'\`\u201c]?(\d{3})\b`, 'gi');
/** "we get 403 (Forbidden) from Microsoft" */
export const GOT_FROM = new RegExp(
  String.raw`\b(?:get|gets|got|getting|receive[sd]?|receiving|see|seeing|saw|bekommen|erhalten|recevons|recibimos)[ \t]{1,4}(?:an?[ \t]{1,4})?(?:SIP[ \t]{1,4})?["'\`\u201c]?(\d{3})\b["'\`\u201d]?(?:[ \t]{1,4}[A-Za-z]{1,20}){0,3}?[ \t]{1,4}(?:back[ \t]{1,4})?(?:from|von|de|del)[ \t]{1,4}${ARTICLE}${WHO}\b`,
  'gi',
);
/** The subjects, in the casings people write them (a case-sensitive test: cheaper on every log line). */
const HINT = /SBC|[Ss]bc|[Gg]ateway|[Cc]arrier|[Pp]rovider|[Tt]runk|PBX|[Tt]eams|TEAMS|[Mm]icrosoft|MICROSOFT|\bMS\b|[Pp]roxy|Direct Routing|session border|Anbieter|opérateur|operador/;

function sideOf(who: string): ProseEvidence['side'] {
  const w = who.toLowerCase();
  if (/sbc|session border|gateway|trunk/.test(w)) return 'sbc';
  if (/teams|microsoft|^ms$|proxy|direct routing/.test(w)) return 'microsoft';
  return 'carrier';
}

export interface SaidAt {
  line: number;
  sipCode: number;
  said: ProseEvidence;
}

export const prose: LineReaderKind = {
  name: 'prose',
  create: (sink) => ({
    test: (line) => HINT.test(line),
    read(line, at) {
      for (const m of line.matchAll(WHO_SENDS)) sink.said.push({ line: at.line, sipCode: Number(m[2]), said: { side: sideOf(m[1]!), quote: cut(m[0].trim(), 120) } });
      for (const m of line.matchAll(GOT_FROM)) sink.said.push({ line: at.line, sipCode: Number(m[1]), said: { side: sideOf(m[2]!), quote: cut(m[0].trim(), 120) } });
      return line;
    },
  }),
};
