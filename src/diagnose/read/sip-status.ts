// A SIP response code named as such in ordinary text and logs, where a number alone would not
// count (a long paste is not a question): with its reason phrase ("403 Forbidden", "488 – not
// acceptable here", "401 (Unauthorized)", "error 503 Service Unavailable"), after the word SIP
// ("SIP error 488", "SIP Status: 403", "Sip non-success response: 491"), after a verb of answering
// ("Teams returns a 403", "we keep getting 503s", "it fails with 480"), or called an error or a
// response ("Outbound 403 Error", "a 408 code", "error 486", "a 403 / 63 response", the SIP code
// and its Q.850 cause), or as the value of an SDK's failure constant (`CALL_TIMEOUT = 408`); and
// the forms of logs and pages: PJSIP's `Response msg 403/INVITE`, FreeSWITCH's `entering state
// [terminated][487]`, belle-sip's `[503] reason [io error]`, `Reply from softphone: 488`,
// `480(Not Answered)`, `[480](https://tools.ietf.org/html/rfc3261#section-21.4.18)`. The reason
// phrases are SIP Doc's own SIP table (src/kb/knowledge/sip-codes.ts).
// Numbers that merely precede words ("180 calls", "500 users") are not read: the word after the
// number must be its own reason phrase, or one that names a failure.
import { sipCodeInfo } from '../../kb/knowledge/sip-codes';
import { blank, classRangeEnd, isDigitCode, isQ850 } from './text';

export interface SipStatus {
  code: number;
  /** A Q.850 cause written with it ("403 / 63 response"). */
  q850?: number;
  /** The span read (the number and the words that make it a SIP code), to blank. */
  start: number;
  end: number;
  /** An HTTP response's status line ("HTTP/1.0 403 Forbidden"), not a SIP one. */
  http?: true;
}

/** What stands before an HTTP response's status. */
const HTTP_VERSION_BEFORE = /HTTP\/\d(?:\.\d)?[ \t]{1,3}$/;

/** Wordings people use beside the IANA phrase (HTTP's, Graph's, shortened). */
const ALIASES: Readonly<Record<number, readonly string[]>> = {
  // British spelling: "401 unauthorised".
  401: ['Unauthorised'],
  407: ['Proxy Auth Required', 'Proxy Authorization Required', 'Proxy Authorisation Required'],
  408: ['Request Timed Out', 'Timeout', 'Timed Out', 'Times Out'],
  480: ['Temporarily Not Available', 'Temporarily Unavailable'],
  481: ['Dialog Does Not Exist', 'Call Leg/Transaction Does Not Exist', 'Transaction Does Not Exist', 'Call Does Not Exist'],
  486: ['Busy'],
  487: ['Request Cancelled', 'Request Canceled'],
  488: ['Not Acceptable'],
  500: ['Internal Server Error', 'Internal Error'],
  503: ['Service Not Available'],
  504: ['Gateway Timeout', 'Gateway Time-out', 'Server Timeout'],
  603: ['Declined'],
};

/** Letters and digits of a phrase, lower case: "Request-URI Too Long" -> "requesturitoolong". */
const squeeze = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const PHRASES = new Map<number, string[]>();
for (let code = 300; code <= 699; code++) {
  const list = [sipCodeInfo(code)?.reason, ...(ALIASES[code] ?? [])].filter((p): p is string => !!p).map(squeeze);
  if (list.length) PHRASES.set(code, list.sort((a, b) => b.length - a.length));
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
/** Chinese, Japanese and Korean letters (kana, CJK ideographs, hangul) and their full-width punctuation. */
const isCjk = (c: number) => (c >= 0x3000 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xff00 && c <= 0xffef);
/** Separators inside a phrase ("Time-out", "Request-URI", "Call/Transaction"). */
const isPhraseGap = (c: number) => c === 32 || c === 9 || c === 45 || c === 47;
/** What may stand between a number and its phrase: blanks, a dash, a colon, a slash ("486 / Busy here"), a cell's bar ("400 | Bad Request"), an opening bracket or quote. */
const OPENERS = new Set([...' \t-\u2013\u2014:/|(["\'\u201c\u2018\u00ab*`'].map((ch) => ch.charCodeAt(0)));

/**
 * Where the reason phrase of `code` that starts at `from` ends, or -1. Case and inner separators are
 * ignored. `more`, when given, is the text of the lines after: a phrase the line's end cuts (a
 * manual's page copied, "480 Temporarily" / "Unavailable") may end there, and then it ends at the
 * line's end.
 */
export function phraseEnd(line: string, from: number, code: number, more?: () => string): number {
  const phrases = PHRASES.get(code);
  if (!phrases) return -1;
  let i = from;
  for (let n = 0; n < 4 && i < line.length && OPENERS.has(line.charCodeAt(i)); n++) i++;
  if (!isLetter(line.charCodeAt(i))) return -1;
  // The letters that follow, up to the longest phrase's length, with where each length ends in
  // the line and the character after it.
  const want = phrases[0]!.length;
  let got = '';
  const ends: number[] = [];
  const after: number[] = [];
  let text = line;
  let wrapped = false;
  for (let j = i; got.length < want; j++) {
    if (j >= text.length) {
      // Only a phrase cut at a word's end, that no whole phrase matched yet, goes on to the next line.
      if (wrapped || !more || !isLetter(line.charCodeAt(line.length - 1)) || !phrases.some((p) => p.length > got.length && p.startsWith(got))) break;
      if (phrases.some((p) => got.startsWith(p))) break;
      text = more();
      wrapped = true;
      j = -1;
      continue;
    }
    const c = text.charCodeAt(j);
    if (isLetter(c) || isDigitCode(c)) {
      got += text[j]!.toLowerCase();
      ends[got.length] = wrapped ? line.length : j + 1;
      after[got.length] = text.charCodeAt(j + 1);
    } else if (!isPhraseGap(c)) break;
  }
  for (const p of phrases) {
    // The phrase ends with a word ("403 Forbiddenness" is not "403 Forbidden").
    if (got.startsWith(p) && !isLetter(after[p.length]!)) return ends[p.length]!;
  }
  return -1;
}

/**
 * Whether the code's own reason phrase ends just before the bracket the code is in: "reject the call
 * BUSY (486)", "Not Found (404)". Read backwards from the bracket, case and inner separators ignored.
 */
function phraseBefore(line: string, open: number, code: number): boolean {
  const phrases = PHRASES.get(code);
  if (!phrases) return false;
  let j = open - 1;
  while (j >= 0 && (line.charCodeAt(j) === 32 || line.charCodeAt(j) === 9)) j--;
  let got = '';
  const want = phrases[0]!.length;
  for (; j >= 0 && got.length < want; j--) {
    const c = line.charCodeAt(j);
    if (isLetter(c) || isDigitCode(c)) {
      got = line[j]!.toLowerCase() + got;
      // A phrase that starts a word ("user busy", not "nobusy").
      if (phrases.includes(got) && !isLetter(line.charCodeAt(j - 1))) return true;
    } else if (!isPhraseGap(c)) break;
  }
  return false;
}

/** Words before a number that make it a SIP code: "SIP", "SIP error", "Sip non-success response:", "SIP Status:". */
const SIP_BEFORE =
  /(?:^|[^A-Za-z])SIP(?:[ \t/_-]{1,3}(?:non-success|unsuccessful|final|error|failure|response|status|reply|answer|code|reason|fehler|fehlercode|antwort|erreur|réponse|respuesta|resposta|risposta|código|codice|(?:エラー)?応答|响应|回應|응답))*(?:-|[ \t]{0,3}[:=]?[ \t]{0,3}[("'`\u201c*]{0,2})$/i;
/** "SIP-480": the one hyphen that joins a number to a word and still makes it a code. */
const SIP_HYPHEN = /(?:^|[^A-Za-z])SIP-$/i;
/** PJSIP's log of a response: "Response msg 403/INVITE/cseq=5853", "Received Response msg 486/INVITE". */
const RESPONSE_MSG_BEFORE = /(?:^|[^A-Za-z])response[ \t]{1,3}(?:msg|message)[ \t]{1,3}$/i;
/** A reply, maybe with who sent it, then a colon: "REPLY_TO_WS Reply from softphone: 488", "response from 10.0.0.5: 503". */
const REPLY_FROM_BEFORE = /(?:^|[^A-Za-z])(?:reply(?:[ \t]{1,3}from[ \t]{1,3}[\w.@:-]{1,60})?|(?:response|answer)[ \t]{1,3}from[ \t]{1,3}[\w.@:-]{1,60})[ \t]{0,2}[:=][ \t]{0,3}$/i;
/** A response word just before the code: "Response 403" (a vendor table's cell), "the server sent response 486", "Antwort 503". */
const RESPONSE_BEFORE = /(?:^|[^A-Za-z])(?:response|antwort|r[ée]ponse|respuesta|resposta|risposta)[ \t]{1,3}[*\x60'"]{0,2}$/i;
/**
 * A ladder written in words, the code after an arrow on a line that names a SIP request: "REGISTER
 * (ohne Auth) → `401` → REGISTER mit Auth → **`403`**", "INVITE -> 486".
 */
const ARROW_BEFORE = /(?:\u2192|\u21d2|\u27f6|-{1,2}>|=>)[ \t]{0,3}[*\x60'"]{0,4}$/;
const REQUEST_NAMED = /(?:^|[^A-Za-z])(?:INVITE|REGISTER|BYE|CANCEL|OPTIONS|SUBSCRIBE|NOTIFY|REFER|PRACK|UPDATE|MESSAGE|PUBLISH)(?![A-Za-z])/;
/** Japanese names the response after its code: "380 または 400~699 の SIP エラー応答", "608 の SIP 応答". */
const JA_RESPONSE_AFTER = /^[*\x60'"]{0,2}[ \t]{0,2}(?:(?:または|か|や|、)[ \t]{0,2}[\d~\u301c\uff5e-]{3,12}[ \t]{0,2})?の[ \t]{0,2}SIP[ \t]{0,2}(?:エラー[ \t]{0,2})?応答/;
/** A code in brackets after a response word: "a “flood” response (486)", "receiving call response [403]". */
const WORD_PAREN_BEFORE = /(?:^|[^A-Za-z])(?:response|reply|error|rejection|failure|code|answer)[ \t]{0,2}[([]$/i;
/** A code in brackets after a status's name, which starts with a capital: "return the status User-Busy (486)". */
const STATUS_NAME_PAREN_BEFORE = /(?:^|[^A-Za-z])[Ss]tatus(?:[ \t]{1,3}[A-Z][A-Za-z-]{1,24}){1,3}[ \t]{0,2}[([]$/;
/** belle-sip's "[503] reason [io error]": a bracketed code with its reason after it. */
const REASON_AFTER = /^\][ \t]{1,3}reason[ \t]{0,2}[[(:"]/i;
/** A number beside a two-way arrow is a party of a dialog ("625 <---> PBX"), not a code. */
const TWO_WAY_AFTER = /^[`'"]?[ \t]{0,2}<-{1,4}>/;
const TWO_WAY_BEFORE = /<-{1,4}>[ \t]{0,2}[`'"]?$/;
/** A code as a markdown link's text to the SIP RFC: "[480](https://tools.ietf.org/html/rfc3261#section-21.4.18)". */
const LINK_AFTER = /^\]\(https?:\/\/([^)\s]{1,200})\)/;
const SIP_RFC_URL = /rfc|sip/i;
/**
 * A code something is changed into: "translate retried 503 failures ... into a 504", "map it to
 * 480", FreeSWITCH's "Overriding SIP cause 480 with 488 from the other leg".
 */
const INTO_BEFORE = /[ \t](?:into|to|with)[ \t]{1,3}(?:an?[ \t]{1,3})?[("'`\u201c*]{0,2}$/i;
const CHANGE_VERB = /(?:^|[^A-Za-z])(?:translat|convert|mapp?|chang|rewrit|turn|overrid|replac)(?:e|es|ed|ing|s)?(?![A-Za-z])/i;
/**
 * Wireshark's packet list (No., Time, Source, Destination, Protocol, Length, Info): the number after
 * the protocol is the frame's length ("654  8.011049  10.100.1.10  10.124.19.10  SIP  568  Status: 401").
 */
/** A packet row's protocol column just before a number ("... SIP 573"), and its info column just after it (" Status: 403 ..."). */
const PROTOCOL_COLUMN_BEFORE = /(?<![\w-])SIP(?:\/SDP)?[ \t]{1,12}$/;
const INFO_COLUMN_AFTER = /^[ \t]{1,12}(?:Status|Request):/;
const PACKET_LENGTH = new RegExp(`(?<=${PROTOCOL_COLUMN_BEFORE.source.slice(0, -1)})\\d{1,5}(?=${INFO_COLUMN_AFTER.source.slice(1)})`, 'g');
/** The text with a packet row's length blanked, for a reader that consumes the row's "Status: 403" before the words are read. */
export const blankPacketLengths = (text: string): string => (text.includes('SIP') ? text.replace(PACKET_LENGTH, blank) : text);
const PACKET_ROW_BEFORE = /^[ \t]{0,8}\d{1,9}[ \t]{1,12}-?\d{1,9}\.\d{1,9}[ \t]{1,12}[^ \t]{1,80}[ \t]{1,12}[^ \t]{1,80}[ \t]{1,12}SIP(?:\/SDP)?[ \t]{1,12}$/;
/** Kamailio's and OpenSIPS's reply status in a script's log: "DEBUG-T_FAILED1 rs=408", "$rs=486". */
const REPLY_STATUS_BEFORE = /(?:^|[^A-Za-z0-9_])\$?rs[ \t]{0,2}[=:][ \t]{0,2}$/;
/** A SIP method's response: "Unexpected StatusCode from INVITE response 403", "BYE reply: 481". */
const METHOD_RESPONSE_BEFORE = /(?:^|[^A-Za-z])(?:INVITE|REGISTER|BYE|CANCEL|OPTIONS|SUBSCRIBE|NOTIFY|REFER|PRACK|UPDATE|INFO|MESSAGE|PUBLISH)[ \t]{1,3}(?:response|reply|answer)[ \t]{0,3}[:=]?[ \t]{0,3}$/;
const METHOD_AFTER = /^\/(?:INVITE|REGISTER|BYE|CANCEL|OPTIONS|SUBSCRIBE|NOTIFY|REFER|PRACK|UPDATE|INFO|MESSAGE|PUBLISH|ACK)(?![A-Za-z])/;
/** A verb of picking a setting's value just before the code: "select 503 ...", "choose '486 Busy Here'". */
const PICK_BEFORE = /(?:^|[^A-Za-z])(?:select|choose|pick)[ \t]{1,3}["'\u2018\u201c]?$/i;
/** Where the value is picked from: "... from the 'Release Cause Code' drop-down list". */
const PICK_FROM = /^[^.\n]{0,80}\b(?:drop-?down|list|menu|combo[ -]?box)\b/i;
/** FreeSWITCH's channel state with the SIP code that ended it: "entering state [terminated][487]". */
const STATE_BEFORE = /entering[ \t]state[ \t]\[[a-z_]{2,24}\]\[$/i;
/**
 * A failure in the writer's own words, in brackets after the code: "480(Not Answered)", "404 (User
 * not found)". The words start with a capital, as a reason phrase does, and name a failure.
 */
const PAREN_WORDS = /[ \t]{0,2}\([ \t]{0,2}([A-Z][A-Za-z' -]{1,40})\)/y;
const FAILURE_WORD = /(?:^|[ -])(?:not|no|un[a-z]{3,}|fail[a-z]{0,4}|errors?|time[ -]?out|timed|busy|reject[a-z]{0,3}|denied|declined?|forbidden|cancell?ed|refused|invalid|bad|lost|gone|missing|unknown|wrong|incorrect|expired|blocked|disabled|illegal|mismatch(?:ed)?|prohibited|restricted|barred|insufficient|exceeded)(?![a-z])/i;
/** A code as the subject of a sentence about it: "487 is a termination result", "500 is an internal server error". */
const IS_A_AFTER = /[ \t]{1,3}(?:is|was)[ \t]{1,3}(?:an?|the)[ \t]{1,3}(?:[A-Za-z-]{2,20}[ \t]{1,3}){0,2}(?:result|response|code|error|failure|status|reply|rejection)(?![A-Za-z])/iy;
/** A table cell's leftovers around a number alone on its line: bars, footnote marks, blanks. */
const CELL_ONLY = /^[ \t|*\u2020\u2021]{0,8}([3-6]\d\d)[ \t|*\u2020\u2021]{0,8}$/;
const MARKS_ONLY = /^[ \t|*\u2020\u2021]{1,8}$/;
/**
 * An error word just before a failure code: "error 503", "Error: 500", "error code 486", "erreur 404",
 * "Fehler 486", "final call failure  486", "errors 486 and 430"; or a code word: "a return code of 480", "the response code is 503", "status code 404".
 */
const ERROR_BEFORE =
  /(?:^|[^A-Za-z])(?:(?:errors?|erreur|fehler|errore|erro|fout|failure)(?:[ \t_-]{1,3}code)?|(?:return|response|status|result|failure|final|reply|answer)[ \t_-]{1,3}code)(?:[ \t]{1,3}(?:of|is|was))?[ \t]{0,3}[:=]?[ \t]{0,3}[("'`\u201c*]{0,2}$/i;
/**
 * A response named with German's singular article, as German writes "the 401 of the box": "bestätigt
 * das 401 der FRITZ!Box", "geben daraufhin ein 481 zurück", "dem 486 vom Provider". A count takes
 * the plural ("die 500 Anrufe"), so the singular article before the code names one response.
 */
const DE_ARTICLE_BEFORE = /(?:^|[^A-Za-z\u00c4-\u00fc])(?:das|ein|dem|einem)[ \t]{1,2}$/i;
const DE_RESPONSE_AFTER = /^[ \t]{1,2}(?:der|des|vom|von(?![ \t]{1,3}\d)|zurück|an|mit)(?![A-Za-z\u00c4-\u00fc])/;
/**
 * A failure and a colon just before the code, as an app's log writes it: "SIP registration
 * failed:403", "call failed: 486". Not a tally of counters ("Failed: 403 Succeeded: 597").
 */
const FAILED_COLON_BEFORE = /(?:^|[^A-Za-z])fail(?:ed|ure)[ \t]{0,2}:[ \t]{0,2}$/i;
const COUNTER_AFTER = /^[ \t,;|]{1,3}[A-Za-z]{1,20}[ \t]{0,2}[:=][ \t]{0,2}\d/;
/**
 * A verb of answering just before a failure code: "Teams returns a 403", "we keep getting 503s", "give a 486",
 * "the trunk responded with 486", "it fails with 480", "got back a 404", "rejects the in-dialog
 * invite with 488", "the registrar answers 404", "Responding to INVITE with: 488", "OPTIONS-Request was finished with code 408",
 * "failing call with 408", "the inbound call is replied to by the CUBE with a 504", "replied back with 503".
 */
const VERB_BEFORE =
  /(?:^|[^A-Za-z])(?:return(?:s|ed|ing)?|sends?|sending|sent|gets?|getting|got|giv(?:e|es|en|ing)|gave|answer(?:s|ed)?|repl(?:y|ies|ied)|respond(?:s|ed)?|receiv(?:e|es|ed|ing)|throw(?:s|n|ing)?|(?:respond(?:s|ed|ing)?|repl(?:y|ies|ied|ying)|answer(?:s|ed|ing)?|reject(?:s|ed|ing)?|fail(?:s|ed|ing)?|end(?:s|ed|ing)?|terminat(?:e|es|ed|ing)|finish(?:es|ed|ing)?|complet(?:e|es|ed|ing))[ \t]{1,3}(?:(?:it|back|calls?|(?:the|an?|this|that)(?:[ \t][A-Za-z-]{1,20}){1,2}|to(?:[ \t]{1,3}(?:an?|the))?[ \t]{1,3}[A-Za-z-]{1,20}|(?:to[ \t]{1,3})?by(?:[ \t]{1,3}(?:an?|the))?[ \t]{1,3}[A-Za-z-]{1,20})[ \t]{1,3})?with:?)(?:[ \t]{1,3}back)?(?:[ \t]{1,3}(?:an?|the))?(?:[ \t]{1,3}(?:code|status))?[ \t]{1,3}[("'`\u201c*]{0,2}$/i;
/**
 * A verb of seeing or showing just before a failure code: "the log says '403'", "Wireshark shows a
 * 486 from the carrier", "our SBC logs show 503 on every call", "I keep seeing 480s in the report",
 * "the phone displays 404", "we see lots of 404 in the usage report". Read only where a clause's end
 * or a preposition follows the code (SEEN_FOLLOWS): "shows 500 calls" is a count.
 */
const SEEING_VERB_BEFORE =
  /(?:^|[^A-Za-z])(?:show(?:s|ed|ing|n)?|say(?:s|ing)?|said|display(?:s|ed|ing)?|see|sees|seeing|saw|seen|observ(?:e|es|ed|ing)|log(?:s|ged|ging)?|report(?:s|ed|ing)?|read(?:s|ing)?|indicat(?:e|es|ed|ing))(?:[ \t]{1,3}(?:lots[ \t]of|a[ \t]lot[ \t]of|many|several|only|just|constant|repeated))?(?:[ \t]{1,3}(?:an?|the))?(?:[ \t]{1,3}(?:SIP|error|code|status|response)){0,3}[ \t]{1,3}[("'`\u201c\u2018*]{0,2}$/i;
/**
 * A verb of answering, sending, getting or seeing just before the code, in the other languages
 * people write: "Der SBC liefert 503 zurück", "Le SBC renvoie 486 à Teams", "El SBC devuelve 503
 * en las llamadas", "O SBC retorna 403 para as chamadas", "Il centralino restituisce 486 quando",
 * "De SBC geeft 503 terug", "SBC zwraca 486 przy połączeniach". Read where a clause's end or one
 * of those languages' prepositions follows (ML_FOLLOWS): "liefert 500 Anrufe" is a count.
 */
const ML_VERB_BEFORE = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:` +
    // German
    String.raw`sehe|sieht|sehen|liefert|liefern|lieferte|gibt|geben|gab|antwortet|antworten|antwortete|schickt|sendet|senden|bekomme|bekommt|bekommen|erhalte|erhält|erhalten|meldet|melden|zeigt|zeigen|` +
    // French
    String.raw`renvoie|renvoient|renvoyé|retourne|retournent|retourné|répond|répondent|répondu|envoie|envoient|envoyé|reçoit|reçois|reçu|recevons|obtiens|obtient|obtenons|affiche|voit|vois|voyons|rejette|rejeté|` +
    // Spanish, Portuguese, Italian
    String.raw`devuelve|devuelven|devolvió|devolve|retorna|retornan|retornam|retornou|responde|responden|respondió|respondem|respondeu|envía|envían|envió|envia|enviam|enviou|recibe|recibo|recibimos|recibió|recebe|recebo|recebemos|recebeu|obtengo|obtiene|obtenemos|muestra|mostra|rechaza|rejeita|veo|vemos|vejo|restituisce|restituiscono|ritorna|risponde|rispondono|invia|inviano|riceve|ricevo|riceviamo|rifiuta|vedo|vediamo|ottengo|` +
    // Dutch, Polish
    String.raw`geeft|geven|gaf|stuurt|sturen|antwoordt|ontvang|ontvangt|ontvangen|krijg|krijgt|krijgen|zie|zien|toont|retourneert|zwraca|zwracają|odpowiada|wysyła|otrzymuję|dostaję|dostajemy|widzę|pokazuje|odrzuca` +
    String.raw`)(?:[ \t]{1,3}(?:ich|wir|man|je|nous|on|yo|eu|io|ik|we))?(?:[ \t]{1,3}(?:ein(?:en)?|den|das|un|une|le|la|el|um|uma|o|il|lo|een|de|het))?(?:[ \t]{1,3}(?:SIP|Fehler|erreur|error|erro|errore|fout|błąd|code|código|codice)){0,3}[ \t]{1,3}[("'\x60\u201c\u201e\u2018*]{0,2}$`,
  'iu',
);
/** A clause's end, or a preposition of those languages, after the code. */
const ML_FOLLOWS = new RegExp(
  String.raw`^s?(?:[ \t]{0,3}(?:$|[.,;:!?()\]"'\x60*\u201c\u201d\u2019])|[ \t]{1,3}(?:zurück|vom|von|an|bei|wenn|für|auf|im|nach|mit|à|au|aux|sur|pour|quand|lors|depuis|dans|en|du|avec|al|para|cuando|desde|con|del|por|ao|em|no|na|nas|nos|quando|com|do|da|per|dal|su|terug|aan|op|voor|wanneer|als|naar|met|przy|od|dla|gdy|do|a|w|z)(?![\p{L}]))`,
  'iu',
);
/** What may follow a code seen or shown: a clause's end or a preposition ("a 404 Status page" is a web page's). */
const SEEN_FOLLOWS =
  /^s?(?:[ \t]{0,3}(?:$|[.,;:!?()\]"'`*\u201d\u2019\u3001\u3002\uff0c\uff1a]|-{1,2}[ \t])|[ \t]{1,3}(?:from|when|on|in|for|to|after|because|since|and|or|but|if|every|each|whenever|at|by|instead|again|then|while|during|upon)(?![A-Za-z]))/i;
/**
 * What may follow a code after such a verb: the end of the clause or a word that does not make the
 * number a count ("returned 500 results", "sent 404 invitations" are counts).
 */
const VERB_FOLLOWS =
  /^s?(?:[ \t]{0,3}(?:$|[.,;:!?()\]"'`*\u201d\u2019\u3001\u3002\uff0c\uff1a]|-{1,2}[ \t])|[ \t]{1,3}(?:from|when|back|on|in|for|to|after|because|since|and|or|but|if|every|each|whenever|at|by|instead|again|immediately|then|status|response|reply|error|code|answer|as|while|during|upon|sip|with|which|that)(?![A-Za-z]))/i;

/**
 * A table's example value, on a line that speaks of SIP (Microsoft's call quality pages, translated:
 * "... [List of SIP response codes](...) **Example:** 404", "**Пример:** 404", "**例:** 404").
 */
const EXAMPLE_BEFORE = /(?:example|exemple|beispiel|ejemplo|exemplo|esempio|voorbeeld|пример|przykład|příklad|例|예)[*_ \t]{0,4}[:：][*_ \t]{0,4}$/i;
/** A web page's 404: a link or a page named before it ("When I click on this link, I get a "404 not found" error"). */
const WEB_PAGE_BEFORE = /\b(?:link|links|page|webpage|url|website|article)\b/i;
/**
 * A value list's entry, the code then its quoted name (the call quality pages' CDR response reasons,
 * in every translation: `480 = "UserUnavailable"`, `410 = « MediaConnectivityErrors »`,
 * `487 = 「PickupTimedOut」`). The name must name a failure.
 */
const VALUE_NAME_AFTER = /^[ \t]{0,2}=[ \t]{0,2}["'\u00ab\u300c\u201c][ \t\u00a0]{0,2}([A-Z][A-Za-z]{2,40})[ \t\u00a0]{0,2}["'\u00bb\u300d\u201d]/;
const namesFailure = (name: string) => FAILURE_WORD.test(name.replace(/(?<=[a-z])(?=[A-Z])/g, ' '));
/** A code's plural and "from" after it ("404s from Teams", "503s from the carrier"). */
const PLURAL_FROM = /^s[ \t]{1,3}from[ \t]/;
/**
 * A Chinese verb of answering or receiving just before the code: "回复401" (replied 401), "收到 486",
 * "返回403"; or the word for an error, with its colon: "报错:408" (reports the error 408), "错误码 503".
 */
const ZH_VERB_BEFORE = /(?:(?:回复|回覆|回複|回應|回应|响应|響應|返回|收到|应答|應答)[ \t]{0,2}|(?:报错|報錯|错误码|錯誤碼|错误|錯誤)[ \t]{0,2}[:\uff1a]?[ \t]{0,2})$/;

/** A cause named before a code: "a bug on their side because of the 503 (...)", "due to a 480". */
const CAUSE_BEFORE = /(?:^|[^A-Za-z])(?:because[ \t]of|due[ \t]to|caused[ \t]by)[ \t]{1,3}(?:the|an?)[ \t]{1,3}$/i;
/** The word "challenge" after 401 or 407 (with "auth" or "authentication" before it); "401 challenges" is a count. */
const CHALLENGE_AFTER = /^[ \t]{1,2}(?:(?:auth|authentication|digest)[ \t]{1,2})?challenge(?![A-Za-z])/i;

/**
 * A reason phrase of a server's own after such a verb: one or two words, the first capitalised, one
 * of them a failure word ("the PBX responds 403 Invalid Password", "answers `403 Domain forbidden`",
 * "calls terminate with the 480 Unavailable error code").
 * "returned 500 results", "sent 404 Christmas Cards" are counts.
 */
const OWN_PHRASE_AFTER = /^[ \t]{1,3}([A-Z][a-z]{1,20}(?:[ \t]{1,3}[A-Za-z][a-z]{1,20})?)(?![A-Za-z])/;
/** The length of such a phrase at the start of `tail`, or 0. */
const ownPhraseLength = (tail: string) => {
  const m = OWN_PHRASE_AFTER.exec(tail);
  return m !== null && FAILURE_WORD.test(m[1]!) ? m[0].length : 0;
};

/**
 * An enum constant's value, as SDK logs print them: `CALL_TIMEOUT = 408`, `NETWORK_ERROR_499 = 499`,
 * `MEDIA_ERROR: 410`. The name must name a failure.
 */
const ENUM_BEFORE = /(?:^|[^A-Za-z0-9_])[A-Z][A-Z0-9]{0,24}(?:_[A-Z0-9]{1,24}){0,6}[ \t]{0,3}[=:][ \t]{0,3}$/;
/**
 * A hangup cause's constant name, then the SIP code it maps to: "(Freeswitch HGC ORIGINATOR_CANCEL
 * 487)", "USER_BUSY 486". The name has an underscore and names a failure.
 */
const CAUSE_NAME_BEFORE = /(?:^|[^A-Za-z0-9_])[A-Z][A-Z0-9]{0,24}(?:_[A-Z0-9]{1,24}){1,6}[ \t]{1,3}$/;
/** The clause ends right after the code (a setting's value goes on: "MAX_TIMEOUT 500 in the config"). */
const CLAUSE_END = /^[ \t]{0,2}(?:$|[)\],.;!?])/;
/** A Chinese "sent to" and the party named in Latin letters, then the code: "b发送给了c 477", "发给UAC 486". */
const ZH_SEND_TO_BEFORE = /(?:发送|發送|发|發|回)(?:给|給)了?[ \t]{0,2}[A-Za-z][\w-]{0,15}[ \t]{0,2}$/;
const FAILURE_NAME = /ERROR|TIMEOUT|TIMED_OUT|FAIL|REJECT|DECLIN|BUSY|FORBIDDEN|UNAUTHORI[SZ]ED|UNAVAILABLE|NOT_FOUND|DENIED|CANCEL|GONE|CONFLICT|UNREACHABLE|NO_ANSWER|NO_ROUTE|UNALLOCATED|INCOMPATIBLE/;
/**
 * A function's return value, not an answer: "tport_vsend returned 564", "nta_msg_send() returns 487"
 * (an identifier with an underscore or a call's brackets before the verb).
 */
const RETURNS_VERB = /[ \t]return(?:s|ed)?[ \t]{1,3}$/;
/** A call's name and brackets ("nta_msg_send()", "send(msg)"); "(a Telnyx trunk)" before the verb is prose. */
const FUNCTION_CALL = /^[A-Za-z][\w.]{0,60}\([^()\s]{0,40}\)$/;
function isFunctionReturn(head: string): boolean {
  const m = RETURNS_VERB.exec(head);
  if (!m) return false;
  const before = head.slice(0, m.index);
  const subject = before.slice(Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t')) + 1);
  return /^[A-Za-z]/.test(subject) && (subject.includes('_') || FUNCTION_CALL.test(subject));
}
/**
 * What stands between two codes of a list: a closing quote, a comma, a slash or a conjunction (also
 * German, French, Dutch, Spanish, Portuguese, Italian), an opening quote.
 */
const LIST_GAP = String.raw`[)"'\`\u201d*]{0,2}(?:[ \t]{0,2}[,/][ \t]{0,2}(?:(?:or|and|und|oder|et|ou|en|y|o|e)[ \t]{1,3})?|[ \t]{1,3}(?:or|and|und|oder|et|ou|en|y|o|e)[ \t]{1,3})[("'\`\u201c*]{0,2}`;
/**
 * Another code of a list, after a code read ("a return code of 480 or 487", "SIP 480, 486 and 487",
 * "error 503/504", "SIP `486` or `600`"): the closing quote of the code before, a comma, a slash or a
 * conjunction, then the code.
 */
const LIST_NEXT = new RegExp(String.raw`${LIST_GAP}([3-6]\d\d)(?![\w%]|[.:,]\d)`, 'iy');
/** Words after a number that make it a count, not a code of the list ("404 and 500 users"). */
export const COUNT_AFTER =
  /^s?[ \t]{1,3}(?:users?|calls?|times|minutes?|hours?|seconds?|secs?|ms|days?|weeks?|people|persons|agents?|devices?|sessions?|channels?|results?|items?|records?|lines?|bytes?|ports?|numbers?|licen[cs]es?|seats?|participants?|requests?|messages?|attempts?|packets?|more|of|percent)(?![A-Za-z])/i;
/**
 * A failure word just after the code, with its Q.850 cause between when written "403 / 63": "403
 * error", "a 408 code", PJSIP's "'401' fatal response received", Japanese and Korean "503 が返って",
 * "486을 반환", "503 오류".
 */
const FAILURE_AFTER = /(?:[ \t]{0,2}\/[ \t]{0,2}(\d{1,3})(?!\d))?[)"'`\u201d\u2019*]{0,2}(?:[ \t]{1,3}(?:(?:fatal|final|negative|unexpected)[ \t]{1,3})?(?:error|response|code|reply|failure|rejection|fehler|erreur|(status))(?![A-Za-z])|[ \t]{0,2}(?:错误|錯誤|エラー|에러|오류|(?:が|を)[ \t]{0,2}返|(?:을|를)[ \t]{0,2}(?:반환|응답|리턴)))/iy;
/** "with 486 Status" names a SIP code only where the line speaks of SIP (elsewhere it is an HTTP status). */
const SIP_ON_LINE = /sip/i;
/**
 * A cheap test for the line: a 3-digit number before a word, after a word, glued to a word and a
 * phrase ("busy486 Busy", "486Busy", "Unknown error403 forbidden"), after SIP or an error word and a colon, as a constant's value,
 * or starting the line, or after an arrow. Case-sensitive alternatives (cheaper on every log line than ignoring case),
 * the ones with a common start factored (one attempt per position, not one per alternative).
 */
export const SIP_STATUS_HINT =
  /(?<![\w.:/-])[3-6]\d\d(?:[ \t\-\u2013\u2014:(["'\u201c\u2018*`/]{1,6}[A-Za-z]|[ \t]{0,2}\/[ \t]{0,2}\d{1,3}[ \t]|[A-Z][a-z])|[A-Za-z](?:[ \t]{1,3}[("'`\u201c*[]{0,2}[3-6]\d\d(?![\d.:]\d)|[3-6]\d\d(?:[ \t]?[A-Z][a-z]|[ \t][a-z])|:[ \t]{1,3}[3-6]\d\d(?![\d.:]))|(?:SIP|[Ss]ip|[Rr]ror|RROR|rreur|ehler|fout|erro|ponse|tatus|TATUS|iled|ilure)[:=/_-][ \t]{0,3}[("'`\u201c*]{0,2}[3-6]\d\d|(?:[A-Z]|_\d\d\d)[ \t]{0,3}[=:][ \t]{0,3}[3-6]\d\d|^[ \t]{0,4}[("'`\u201c]{0,2}[3-6]\d\d(?![\d.:])|\]\[[3-6]\d\d\]|\[[3-6]\d\d\]\(|rs[ \t]{0,2}[=:][ \t]{0,2}[3-6]\d\d|[\u3000-\u30ff\u4e00-\u9fff\uac00-\ud7af][ \t]{0,2}[:\uff1a]?[ \t]{0,2}[3-6]\d\d(?!\d)|[3-6]\d\d[ \t]{0,2}[\u3040-\u30ff\uac00-\ud7af]|\*\*[ \t]{0,2}[3-6]\d\d(?![\d.:])|[3-6]\d\d[ \t]{0,2}=[ \t]{0,2}["'\u00ab\u300c\u201c]|(?:\u2192|\u21d2|\u27f6|->|=>)[ \t]{0,3}[*`'"]{0,4}[3-6]\d\d/;

/** Characters that glue a number to what is before it (a sign, a key, an address, an id). */
const GLUE_BEFORE = new Set([...'+#=@$%\\&.:/_-'].map((c) => c.charCodeAt(0)));
const GLUE_AFTER = new Set([...'%#@_'].map((c) => c.charCodeAt(0)));
/**
 * What may stand between a number and the other number of a pair ("403 510559", "| 401 | 44110",
 * "410 appears with 531000", "410 appears with three Microsoft subcodes — 531000", "480 w/ 10037"):
 * the pair reader reads those.
 */
const TIGHT = /^[ \t/,;|+"'`*()\u201c\u201d]{1,40}(?:(?:with|w\/|mit|avec|con|com|plus|appears|appear|comes|come|together|sub-?codes?|sub|codes?|microsoft|response|two|three|four|five|several|these|following)[ \t:\u2013\u2014-]{1,3}){0,5}\d{4,9}(?!\d|[.:-]\d)/i;
const TIGHT_BEFORE = /(?<![\d.:-])\d{4,9}[ \t/,;|"'`*()\u201c\u201d]{1,40}$/;

function isFailureEnum(head: string): boolean {
  const m = ENUM_BEFORE.exec(head);
  return !!m && FAILURE_NAME.test(m[0]);
}

function isFailureCauseName(head: string): boolean {
  const m = CAUSE_NAME_BEFORE.exec(head);
  return !!m && FAILURE_NAME.test(m[0]);
}

const PLURAL = 115; // "503s"
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const OPEN_PAREN = 40; // (
const CLOSE_PAREN = 41; // )
const COLON = 58; // :

/** The length of a failure's quoted name after the code and "=", or 0. */
function valueNameLength(line: string, end: number): number {
  const m = VALUE_NAME_AFTER.exec(line.slice(end, end + 64));
  return m && namesFailure(m[1]!) ? m[0].length : 0;
}

/** The two glue characters that still make a code: "SIP-480", a script's reply status "rs=408". */
function joinsAsCode(line: string, start: number, before: number): boolean {
  const head = line.slice(Math.max(0, start - 6), start);
  if (before === 45) return SIP_HYPHEN.test(head);
  // The colon after a Chinese word for an error ("报错:408") or after a failure ("registration failed:403").
  if (before === 58) return ZH_VERB_BEFORE.test(head) || FAILED_COLON_BEFORE.test(line.slice(Math.max(0, start - 12), start));
  // A key's value: a reply status ("rs=408"), or any value with its own reason phrase ("[reason=488 (Not Acceptable Here)]").
  return before === 61 && (REPLY_STATUS_BEFORE.test(head) || phraseEnd(line, start + 3, Number(line.slice(start, start + 3))) >= 0);
}

/** Whether the code at `end` is a markdown link's text to the SIP RFC. */
function isSipRfcLink(line: string, end: number): boolean {
  const m = LINK_AFTER.exec(line.slice(end, end + 220));
  return !!m && SIP_RFC_URL.test(m[1]!);
}

/**
 * The SIP codes a line names in words. A number next to another code of a pair ("510559 403
 * Forbidden", "403 Forbidden 510559") is left to the pair reader, which keeps the phrase.
 * `previous` is the end of the line before: hard-wrapped prose may put the words before the
 * number there ("... before clients start receiving" / "503, many ..."). `next` gives the lines
 * after, where a reason phrase the line's end cuts goes on.
 */
export function sipStatuses(line: string, previous = '', next?: () => string): SipStatus[] {
  const out: SipStatus[] = [];
  let sipLine: boolean | undefined;
  for (let i = 0; i < line.length; i++) {
    if (!isDigitCode(line.charCodeAt(i))) continue;
    const start = i;
    while (i < line.length && isDigitCode(line.charCodeAt(i))) i++;
    const end = i;
    if (end - start !== 3) continue;
    const before = line.charCodeAt(start - 1);
    const after = line.charCodeAt(end);
    // "503s": a plural of the code, for the rules that read the words before it.
    const plural = after === PLURAL && !isLetter(line.charCodeAt(end + 1));
    // A number glued to a word counts only with its own reason phrase: a web table's cells copied
    // without their borders run together ("user busy486 Busy here", "486Busy Here"), and so does an
    // app's message ("Unknown error403 forbidden").
    // Chinese and Japanese write no space before a number ("回复401"): their letters glue nothing.
    const glued = (isLetter(before) && !isCjk(before)) || (isLetter(after) && !plural && !isCjk(after));
    if (isDigitCode(before) || (GLUE_BEFORE.has(before) && !joinsAsCode(line, start, before)) || GLUE_AFTER.has(after)) continue;
    // A decimal, a time, a version: "4.403", "403.5", "403:10".
    if ((after === 46 || after === 58 || after === 44) && isDigitCode(line.charCodeAt(end + 1))) continue;
    const code = Number(line.slice(start, end));
    if (code < 300 || code > 699) continue;
    const range = classRangeEnd(line, start, end);
    if (range >= 0) {
      i = range - 1;
      continue;
    }
    let to = -1;
    let own = 0;
    let q850: number | undefined;
    const phrase = plural ? -1 : phraseEnd(line, end, code, next);
    if (glued && phrase < 0) continue;
    const head = start >= 60 || !previous ? line.slice(Math.max(0, start - 60), start) : `${previous.slice(-60)} ${line.slice(0, start)}`.slice(-60);
    const tail = line.slice(end, end + 24);
    if (TWO_WAY_AFTER.test(tail) || TWO_WAY_BEFORE.test(head) || (start < 300 && PACKET_ROW_BEFORE.test(line.slice(0, start)))) continue;
    // A packet row's length, between its protocol and its info columns, quoted without the rest: "SIP 573 Status: 403 Forbidden".
    if (INFO_COLUMN_AFTER.test(tail) && PROTOCOL_COLUMN_BEFORE.test(head)) continue;
    // A value picked in a configuration screen: "select 503 Service Unavailable from the 'Release Cause Code' drop-down list".
    if (PICK_BEFORE.test(head) && PICK_FROM.test(line.slice(end, end + 100))) continue;
    if (phrase >= 0) to = phrase;
    else if (RESPONSE_MSG_BEFORE.test(head) && METHOD_AFTER.test(tail)) to = end;
    else if (after === CLOSE_BRACKET && STATE_BEFORE.test(head)) to = end + 1;
    else if (after === CLOSE_BRACKET && before === OPEN_BRACKET && isSipRfcLink(line, end)) to = end;
    else if (code >= 400 && INTO_BEFORE.test(head) && CHANGE_VERB.test(head) && VERB_FOLLOWS.test(tail)) to = end;
    else if (code >= 400 && (after === CLOSE_PAREN || after === CLOSE_BRACKET) && (WORD_PAREN_BEFORE.test(head) || STATUS_NAME_PAREN_BEFORE.test(head))) to = end + 1;
    // Its reason phrase, then the code in brackets: "reject the call BUSY (486)".
    else if (code >= 400 && before === OPEN_PAREN && after === CLOSE_PAREN && phraseBefore(line, start - 1, code)) to = end + 1;
    // "SIP registration failure (500: Server error)": the code and a colon, its words after.
    else if (code >= 400 && after === COLON && WORD_PAREN_BEFORE.test(head)) to = end + 1;
    else if (code >= 400 && before === OPEN_BRACKET && REASON_AFTER.test(tail)) to = end + 1;
    else if (SIP_BEFORE.test(head) || METHOD_RESPONSE_BEFORE.test(head) || REPLY_STATUS_BEFORE.test(head) || (code >= 400 && REPLY_FROM_BEFORE.test(head)) || (code >= 400 && (ERROR_BEFORE.test(head) || (FAILED_COLON_BEFORE.test(head) && !COUNTER_AFTER.test(tail)) || isFailureEnum(head) || ZH_VERB_BEFORE.test(head) || (VERB_FOLLOWS.test(tail) && ((VERB_BEFORE.test(head) && !isFunctionReturn(head)) || ZH_SEND_TO_BEFORE.test(head) || CAUSE_BEFORE.test(head)))))) to = plural ? end + 1 : end;
    else if (code >= 400 && SEEING_VERB_BEFORE.test(head) && SEEN_FOLLOWS.test(line.slice(end).replace(/^[*\x60'"\u201d\u2019]{1,2}/, '')) && !isFunctionReturn(head)) to = plural ? end + 1 : end;
    else if (code >= 400 && ML_VERB_BEFORE.test(head) && ML_FOLLOWS.test(line.slice(end).replace(/^[*\x60'"\u201c\u201d\u2019]{1,2}/, ''))) to = plural ? end + 1 : end;
    else if (code >= 400 && RESPONSE_BEFORE.test(head) && VERB_FOLLOWS.test(line.slice(end).replace(/^[*\x60'"]{1,2}/, ''))) to = end;
    else if (ARROW_BEFORE.test(head) && REQUEST_NAMED.test(line.slice(0, start))) to = end;
    else if (code >= 400 && isFailureCauseName(head) && CLAUSE_END.test(tail)) to = end;
    else if (JA_RESPONSE_AFTER.test(line.slice(end, end + 40))) to = end;
    else if (code >= 400 && !plural && VERB_BEFORE.test(head) && !isFunctionReturn(head) && (own = ownPhraseLength(tail)) > 0) to = end + own;
    else if (code >= 400 && !plural && DE_ARTICLE_BEFORE.test(head) && DE_RESPONSE_AFTER.test(tail)) to = end;
    // An authentication challenge named as one: "Server 401 challenge yuborayapti", "a 407 challenge".
    else if ((code === 401 || code === 407) && CHALLENGE_AFTER.test(line.slice(end, end + 40))) to = end;
    // "handle 404s from Teams": the plural of a failure code, and where it comes from.
    else if (code >= 400 && plural && PLURAL_FROM.test(tail)) to = end + 1;
    else if (code >= 300 && EXAMPLE_BEFORE.test(head) && (sipLine ??= SIP_ON_LINE.test(line))) to = end;
    else if (code >= 400 && (own = valueNameLength(line, end)) > 0) to = end + own;
    else if (code >= 400 && !plural) {
      FAILURE_AFTER.lastIndex = end;
      const m = FAILURE_AFTER.exec(line);
      // Whether the line speaks of SIP is asked once per line: a run of "Status: 403" asks it per code.
      sipLine ??= SIP_ON_LINE.test(line);
      if (m && (m[2] === undefined || sipLine)) {
        to = FAILURE_AFTER.lastIndex;
        const cause = m[1] !== undefined ? Number(m[1]) : undefined;
        if (cause !== undefined && isQ850(cause)) q850 = cause;
      } else {
        PAREN_WORDS.lastIndex = end;
        const words = PAREN_WORDS.exec(line);
        IS_A_AFTER.lastIndex = end;
        if (words && FAILURE_WORD.test(words[1]!)) to = PAREN_WORDS.lastIndex;
        else if (IS_A_AFTER.test(line)) to = end;
      }
    }
    if (to < 0 || TIGHT.test(line.slice(to, to + 60)) || TIGHT_BEFORE.test(head)) continue;
    // A broken link's "404 not found" is a web page's, not a call's.
    if (code === 404 && WEB_PAGE_BEFORE.test(head)) continue;
    const s: SipStatus = { code, start, end: to };
    if (q850 !== undefined) s.q850 = q850;
    if (HTTP_VERSION_BEFORE.test(head)) s.http = true;
    if (code >= 400) listedBefore(line, start, out);
    out.push(s);
    i = listed(line, to, out) - 1;
  }
  return out;
}

/**
 * The codes of a list that goes on after a code read ("480 or 487", "480, 486 and 487"): each with
 * its phrase, or ending its clause ("or 500 users" is a count). Returns where the list ends.
 */
export function listed(line: string, from: number, out: SipStatus[]): number {
  let to = from;
  for (let n = 0; n < 16; n++) {
    LIST_NEXT.lastIndex = to;
    const m = LIST_NEXT.exec(line);
    if (!m) break;
    const end = LIST_NEXT.lastIndex;
    const start = end - 3;
    const code = Number(m[1]);
    const phrase = phraseEnd(line, end, code);
    const stop = phrase >= 0 ? phrase : COUNT_AFTER.test(line.slice(end, end + 24)) ? -1 : end;
    if (stop < 0 || TIGHT.test(line.slice(stop, stop + 60))) break;
    out.push({ code, start, end: stop });
    to = stop;
  }
  return to;
}

/**
 * A code of a list just before a code read, the words after the last one naming them all ("403 and
 * 402 error responses", "401, 403 or 407 response codes"): the code, a comma, a slash or a
 * conjunction, then the code read. A number glued to what is before it (a decimal, an address, a
 * key) is no code.
 */
const LIST_PREVIOUS = new RegExp(String.raw`(?:^|[^\w.:/+#=@$%\\&-])([4-6]\d\d)${LIST_GAP}$`, 'i');
function listedBefore(line: string, start: number, out: SipStatus[]): void {
  const found: SipStatus[] = [];
  let at = start;
  const last = out.length > 0 ? out[out.length - 1]!.end : 0;
  for (let n = 0; n < 16 && at > last; n++) {
    const head = line.slice(Math.max(last, at - 40), at);
    const m = LIST_PREVIOUS.exec(head);
    if (!m) break;
    const codeAt = at - head.length + m.index + m[0].indexOf(m[1]!);
    found.unshift({ code: Number(m[1]), start: codeAt, end: codeAt + 3 });
    at = codeAt;
  }
  for (const f of found) out.push(f);
}

/**
 * A table copied one cell a line: the code alone on its line, its reason phrase starting the next
 * ("480 |" / "Temporarily Unavailable |"; "400" / "*" / "Bad request 31" with a footnote mark
 * between). Returns the code, or undefined.
 */
export function codeOverPhrase(line: string, lineAfter: (ahead: number) => string | undefined): number | undefined {
  if (line.length > 24) return undefined;
  const m = CELL_ONLY.exec(line);
  if (!m) return undefined;
  const code = Number(m[1]);
  let ahead = 1;
  let next = lineAfter(ahead);
  if (next !== undefined && MARKS_ONLY.test(next)) next = lineAfter(++ahead);
  if (next === undefined) return undefined;
  let i = 0;
  while (i < next.length && (next[i] === ' ' || next[i] === '\t' || next[i] === '|')) i++;
  // The phrase may go on over the lines after ("407" / "Proxy authentication" / "required.").
  return phraseEnd(next, i, code, () => lineAfter(ahead + 1) ?? '') >= 0 ? code : undefined;
}

/**
 * A list's heading line: a code and a name that starts with a capital, or with a letter of a script
 * that has none, nothing else ("486 Ocupado Aquí", "503 서비스를 사용할 수 없음").
 */
const HEADING = /^[ \t]{0,4}([3-6]\d\d)[ \t]{1,3}([\p{Lu}\p{Lo}][\p{L}' -]{1,60})$/u;
/** How far a list's other headings may be. */
const HEADING_LINES = 8;
/** A line that starts with a code and its words: an item of a list of codes. */
const LIST_ITEM = /^[ \t]{0,4}([3-6]\d\d)[ \t]{1,3}\p{L}/u;
/** A class's heading over its codes: "5xx = 서버 오류", "4xx - Client Failure". */
const CLASS_HEADING = /^[ \t]{0,4}#{0,4}[ \t]{0,2}([3-6])xx(?![\w])/i;

/**
 * A code of a list of codes whose names are written in another language: "480 Temporalmente no
 * disponible", a heading line, counts when a heading line near it (within eight lines) is a code
 * with its own reason phrase ("500 Internal Server Error"): the same list, partly translated; or
 * when its class's heading is above it ("5xx = 서버 오류" over "503 서비스를 사용할 수 없음").
 * Returns the code, or undefined.
 */
export function listHeading(line: string, near: (delta: number) => string | undefined): number | undefined {
  if (line.length > 160) return undefined;
  const item = LIST_ITEM.exec(line);
  if (!item) return undefined;
  const code = Number(item[1]);
  const heading = line.length <= 72 && HEADING.test(line);
  for (let d = 1; d <= HEADING_LINES; d++) {
    const above = near(-d);
    // The heading of the code's class above it: the list is of that class's codes, whatever follows each one.
    const c = above !== undefined ? CLASS_HEADING.exec(above) : null;
    if (c && Number(c[1]) === Math.floor(code / 100)) return code;
    if (!heading) continue;
    for (const other of [above, near(d)]) {
      if (other === undefined || other.length > 72) continue;
      const h = HEADING.exec(other);
      if (h && phraseEnd(other, h[0].indexOf(h[2]!), Number(h[1])) >= 0) return code;
    }
  }
  return undefined;
}

/** The patterns above, for the static ReDoS check. */
export const SIP_STATUS_PATTERNS: readonly RegExp[] = [CAUSE_BEFORE, CHALLENGE_AFTER, HTTP_VERSION_BEFORE, SIP_HYPHEN, PACKET_ROW_BEFORE, PROTOCOL_COLUMN_BEFORE, INFO_COLUMN_AFTER, PACKET_LENGTH, REPLY_STATUS_BEFORE, RESPONSE_BEFORE, ARROW_BEFORE, REQUEST_NAMED, JA_RESPONSE_AFTER, CAUSE_NAME_BEFORE, CLAUSE_END, SEEING_VERB_BEFORE, SEEN_FOLLOWS, ML_VERB_BEFORE, ML_FOLLOWS, REASON_AFTER, LINK_AFTER, SIP_RFC_URL, INTO_BEFORE, CHANGE_VERB, RESPONSE_MSG_BEFORE, REPLY_FROM_BEFORE, WORD_PAREN_BEFORE, STATUS_NAME_PAREN_BEFORE, TWO_WAY_AFTER, TWO_WAY_BEFORE, FUNCTION_CALL, SIP_ON_LINE, METHOD_RESPONSE_BEFORE, STATE_BEFORE, PICK_BEFORE, PICK_FROM, PAREN_WORDS, FAILURE_WORD, METHOD_AFTER, IS_A_AFTER, CELL_ONLY, MARKS_ONLY, HEADING, LIST_ITEM, CLASS_HEADING, SIP_BEFORE, ERROR_BEFORE, FAILED_COLON_BEFORE, COUNTER_AFTER, DE_ARTICLE_BEFORE, DE_RESPONSE_AFTER, RETURNS_VERB, LIST_NEXT, LIST_PREVIOUS, COUNT_AFTER, VERB_BEFORE, VERB_FOLLOWS, OWN_PHRASE_AFTER, PLURAL_FROM, EXAMPLE_BEFORE, WEB_PAGE_BEFORE, VALUE_NAME_AFTER, ZH_VERB_BEFORE, ZH_SEND_TO_BEFORE, ENUM_BEFORE, FAILURE_NAME, FAILURE_AFTER, SIP_STATUS_HINT, TIGHT, TIGHT_BEFORE];
