// What the words of a paste say about a SIP code that came without a Microsoft code: who
// generated it and who must act. Used only where nothing stronger decides (no documented entry,
// no trace, no "the SBC returns 504" attached by the prose reader), and each answer is marked as
// read from the description (origin basis `prose`), quoting the words.
//
// The rules, first match wins. Each reads the sentence or the paragraph the code is in, as words
// (a scan over tokens, no pattern with gaps), and each follows a Microsoft page:
// - q850-486-mapping: 486 with Q.850 cause 34 or 17 named beside it is the documented inbound
//   issue: Teams rejected the call (busy), carriers that map 486 to 34 retry; the SBC's
//   manipulation rules fix it ("Issues that affect inbound Direct Routing calls").
// - busy-on-busy: 486 with busy on busy named: Teams rejected the new call because the user's
//   calling policy says so (BusyOnBusyEnabledType): not a fault.
// - declined-603-retries: 603 with retries named, in a Teams paste: the user declined, Teams
//   answered 603, and the SBC or the trunk retries; the SBC must stop retrying on 603 ("Handling
//   retries (603 response)").
// - sbc-no-answer-408: 408 and "the SBC didn't respond / never answered": Microsoft gave up
//   waiting (500001/408 "Gateway (SBC) failover timer expired", 1106/408); fix on the SBC.
// - party-answered: "<the SBC | Teams | the carrier> replied ... with the code 408": that party.
// - sent-to-got-back: "sent the INVITE to Microsoft ... getting a 400 back": the one it was sent to.
// - code-from-party: "404 Unallocated Number from the PSTN provider", "the 404 code returned by
//   Teams": that party.
// - provider-sends-failure: the paragraph says the PSTN provider is sending the SIP failure
//   ("Issues with outbound calls", cause 2: "most likely ... SIP 403 or SIP 404"): the carrier.
// - receiver-peer: in a Teams paste, "the SBC receives a 503": Microsoft sent it (and the other way
//   round), when the sentence names no carrier.
// - inbound-microsoft-code: an inbound call to Teams failed with a SIP code that the Teams pages
//   document only as Microsoft's own answer (404: 10202, 511404): Microsoft answered the SBC.
import type { Kb } from '../kb/load';
import type { Party, Side } from '../kb/types';
import type { TextContext } from './rank';
import { microsoftAddress } from './microsoft';
import { numberAt } from './pairs';
import { MICROSOFT_DOMAINS } from './read/text';
import { teamsAnswersOf } from './sip-family';

export interface WordsOrigin {
  /** The rule's id (above), for review and tests. */
  rule: string;
  side: Side;
  party: Party;
  /** The words that decided, as pasted (cut to a sentence). */
  quote: string;
  /** Why, in one or two sentences a support engineer can check. */
  reason: string;
  /** What to do, when the words say who must act. */
  fix?: string;
  ruleUrl?: string;
}

export interface WordsInput {
  sipCode: number;
  /** The paragraph the code is in, as pasted (already bounded). */
  paragraph: string;
  context: TextContext;
  kb: Kb;
}

const INBOUND_URL = 'https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/issues-with-inbound-calls#multiple-notifications-about-missed-calls';
const OUTBOUND_URL = 'https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/issues-with-outbound-calls#connection-to-the-sbc-not-established';
const SIP_408_URL = 'https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/microsoft-sip-response-codes-408';
const BUSY_ON_BUSY_URL = 'https://learn.microsoft.com/en-us/powershell/module/teams/set-csteamscallingpolicy';
const RETRIES_603_URL = 'https://learn.microsoft.com/en-us/microsoftteams/direct-routing-protocols-sip#handling-retries-603-response';
const CONTACT_HEADER_URL = 'https://learn.microsoft.com/en-us/microsoftteams/direct-routing-protocols-sip#contact-header';
const RETRY_AFTER_URL = 'https://learn.microsoft.com/en-us/microsoftteams/direct-routing-protocols-sip#retry-after';

// --- words ---------------------------------------------------------------------------------------

type Who = 'sbc' | 'microsoft' | 'carrier';

const WHO_OF: Record<string, Who> = {
  sbc: 'sbc',
  sbcs: 'sbc',
  gateway: 'sbc',
  controller: 'sbc',
  teams: 'microsoft',
  microsoft: 'microsoft',
  pstnhub: 'microsoft',
  proxy: 'microsoft',
  carrier: 'carrier',
  carriers: 'carrier',
  provider: 'carrier',
  providers: 'carrier',
  telco: 'carrier',
  itsp: 'carrier',
  operator: 'carrier',
  anbieter: 'carrier',
  provedor: 'carrier',
  proveedor: 'carrier',
  opérateur: 'carrier',
  operador: 'carrier',
  провайдер: 'carrier',
  оператор: 'carrier',
};

/** Sending a response (English, German, French, Spanish, Portuguese, Italian, Russian). */
const ANSWERS = new Set([
  'replied', 'replies', 'reply', 'replying', 'responded', 'responds', 'respond', 'responding', 'answered', 'answers', 'answer',
  'returned', 'returns', 'return', 'returning', 'rejected', 'rejects', 'reject', 'rejecting', 'sent', 'sends', 'send', 'sending', 'throws', 'gives', 'gave',
  'antwortet', 'antwortete', 'sendet', 'sendete', 'schickt', 'liefert', 'lehnt',
  'répond', 'répondu', 'renvoie', 'renvoyé', 'retourne', 'rejette', 'envoie',
  'respondió', 'responde', 'devolvió', 'devuelve', 'envió', 'envía', 'rechazó', 'rechaza',
  'respondeu', 'retornou', 'retorna', 'enviou', 'envia', 'rejeitou',
  'respondido', 'respondida',
  // The subjunctive of "suppose the SBC returns ..." ("suponha que o SBC retorne", "suponga que el SBC devuelva").
  'retorne', 'responda', 'envie', 'rejeite', 'devuelva', 'envíe', 'rechace', 'réponde', 'risponda', 'restituisca', 'invii',
  'risponde', 'rispose', 'risposto', 'restituisce', 'restituito', 'invia', 'inviato', 'rifiuta', 'rifiutato',
  'ответил', 'ответила', 'ответило', 'ответили', 'отвечает', 'отвечают', 'вернул', 'вернула', 'вернули', 'возвращает', 'возвращают',
  'отправил', 'отправила', 'отправляет', 'отправляют', 'отклонил', 'отклонила', 'отклоняет', 'отклоняют',
]);
const DATIVE = new Set(['dem', 'einem', 'unserem', 'ihrem', 'ihm']);
/** Answering verbs German puts at the clause's end, after the code ("ein SBC ... mit dem Code 408 antwortet"). */
const ANSWERS_AFTER = new Set(['antwortet', 'antwortete', 'beantwortet', 'sendet', 'schickt', 'liefert', 'zurückgibt', 'zurücksendet', 'ablehnt', 'zurückweist']);
/** German's separable "gibt ... zurück" (returns): the verb's stem before the code, its particle after it ("der SBC gibt den SIP-Code 504 zurück"). */
const SEPARABLE_STEMS = new Set(['gibt', 'gab', 'sendet', 'sendete', 'schickt', 'schickte', 'liefert', 'weist', 'wies']);
const SEPARABLE_PARTICLE = 'zurück';
/** Words a "did not answer" is made of. */
const REPLY_NOUNS = new Set(['respond', 'responded', 'response', 'reply', 'replied', 'answer', 'answered', 'acknowledge', 'acknowledged', 'ack', 'send', 'sent']);
const NEGATIONS = new Set(['not', "didn't", "doesn't", "don't", "wasn't", "isn't", 'never', 'no', "couldn't", "can't", 'cannot', 'nicht', 'kein', 'keine', 'pas', 'jamais', 'nunca', 'não', 'non']);
const RECEIVES = new Set([
  'get', 'gets', 'got', 'getting', 'receive', 'receives', 'received', 'receiving', 'see', 'sees', 'saw', 'seeing',
  'bekommen', 'bekommt', 'erhalten', 'erhält', 'empfängt', 'recevons', 'reçoit', 'recibimos', 'recibe', 'recebemos', 'recebe', 'riceve', 'ontvangt',
  'получаем', 'получаю', 'получает', 'получил', 'получила', 'получили',
]);
const FILLERS = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'my', 'pstn', 'sip', 'upstream', 'der', 'die', 'dem', 'du', 'le', 'la', 'el', 'o', 'do']);
const INBOUND = new Set(['inbound', 'incoming', 'eingehend', 'eingehende', 'eingehenden', 'entrant', 'entrants', 'entrante', 'entrantes', 'recebidas', 'entrada']);

/** Where digits meet Chinese, Japanese or Korean letters ("收到503郵件"): a code is a word of its own there too. */
const CJK_DIGIT_SEAM = /(?<=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])(?=\d)|(?<=\d)(?=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])/g;

/** A code's plural ("404s from Teams"). */
const PLURAL_CODE = /^[3-6]\d\ds$/;

/** A host name or an IPv4 address, with its port ("sip2.pstnhub.microsoft.com", "52.114.14.70:5061"). */
const HOST_OR_ADDRESS = /(?<![\w.-])(?:[A-Za-z0-9-]{1,63}\.){2,6}[A-Za-z]{2,10}(?::\d{1,5})?(?![\w-])|(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\d.]*\d)/g;
/** Microsoft's Direct Routing hosts and signalling addresses are Microsoft, as a party's word ("we get 503 from sip2.pstnhub.microsoft.com"). */
const partyOfAddresses = (sentence: string) => (sentence.includes('.') ? sentence.replace(HOST_OR_ADDRESS, (a) => (microsoftAddress(a) ? 'pstnhub' : a)) : sentence);

/** A sentence as lower-case words ("Microsoft's" -> "microsoft", "404s" -> "404"); a code is a word of its own. */
function wordsOf(sentence: string): string[] {
  return partyOfAddresses(sentence)
    .replace(CJK_DIGIT_SEAM, ' ')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => (w.endsWith("'s") ? w.slice(0, -2) : PLURAL_CODE.test(w) ? w.slice(0, -1) : trimQuotes(w)))
    .filter(Boolean);
}

function trimQuotes(w: string): string {
  let from = 0;
  let to = w.length;
  while (from < to && w[from] === "'") from++;
  while (to > from && w[to - 1] === "'") to--;
  return w.slice(from, to);
}

/** The sentences of a paragraph: cut after . ! ? ; and at line ends. */
function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?;])[ \t]+|\n/).filter((s) => s.trim());
}

interface Sentence {
  text: string;
  words: string[];
  /** Where the code is among the words, -1 when it is not. */
  at: number;
}

const quoteOf = (text: string) => {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > 160 ? `${t.slice(0, 159)}…` : t;
};

const who = (w: string | undefined): Who | undefined => (w === undefined ? undefined : WHO_OF[w]);
const sideOf = (w: Who): Side => (w === 'microsoft' ? 'microsoft' : 'sbc');
const partyOf = (w: Who): Party => (w === 'carrier' ? 'carrier' : w === 'sbc' ? 'sbc' : 'unknown');
const label = (w: Who) => (w === 'microsoft' ? 'Microsoft' : w === 'sbc' ? 'the SBC' : 'the carrier (through the SBC)');

/** Words before a noun that make it an object, not the one who acts ("a message from Teams", "sent to the SBC"). */
const PREPOSITIONS = new Set(['from', 'to', 'by', 'with', 'of', 'at', 'for', 'towards', 'via', 'von', 'zu', 'an', 'mit', 'de', 'à', 'vers', 'par', 'a', 'para', 'por', 'da', 'do', 'от', 'к', 'на', 'с', 'через']);

/** The party word nearest before `end` (within `span` words) that is not a preposition's object, and where it is. */
function partyBefore(words: string[], end: number, span: number): { who: Who; at: number } | undefined {
  for (let i = end - 1; i >= 0 && i >= end - span; i--) {
    const w = who(words[i]);
    if (!w) continue;
    const before = FILLERS.has(words[i - 1] ?? '') ? words[i - 2] : words[i - 1];
    if (before !== undefined && PREPOSITIONS.has(before)) continue;
    return { who: w, at: i };
  }
  return undefined;
}

/** "the SBC didn't respond", "SBC never answered", "no response from the SBC", "the failover timer expired". */
function saysSbcDidNotAnswer(words: string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    if (who(words[i]) !== 'sbc') continue;
    for (let j = i + 1; j <= i + 4 && j < words.length; j++) {
      if (!NEGATIONS.has(words[j]!)) continue;
      for (let k = j + 1; k <= j + 3 && k < words.length; k++) if (REPLY_NOUNS.has(words[k]!)) return true;
    }
    const from = FILLERS.has(words[i - 1] ?? '') ? i - 2 : i - 1;
    if (words[from] === 'from' && REPLY_NOUNS.has(words[from - 1] ?? '') && NEGATIONS.has(words[from - 2] ?? '')) return true;
  }
  return words.includes('failover') && (words.includes('timer') || words.includes('timeout'));
}

/** "was rejected", "is answered": the party before a passive verb did not send the answer. */
const PASSIVE = new Set(['was', 'were', 'is', 'are', 'be', 'been', 'being', 'get', 'gets', 'got', 'wird', 'wurde', 'est', 'été', 'fue', 'foi']);

/** "<party> replied ... with the code <code>": the party word, then an answering verb, then the code. */
function partyAnswered(s: Sentence): Who | undefined {
  for (let v = s.at + 1; v < s.words.length && v <= s.at + 4; v++) {
    const particle = s.words[v] === SEPARABLE_PARTICLE;
    if (!ANSWERS_AFTER.has(s.words[v]!) && !particle) continue;
    // The subject: the party nearest before the code that is no dative object ("Teams dem SBC ... antwortet").
    let p = partyBefore(s.words, s.at, 12);
    while (p && DATIVE.has(s.words[p.at - 1] ?? '')) p = partyBefore(s.words, p.at, 12 - (s.at - p.at));
    if (!p) continue;
    const between = s.words.slice(p.at + 1, v);
    if (particle && !between.some((w) => SEPARABLE_STEMS.has(w))) continue;
    if (!between.some((w) => NEGATIONS.has(w) || RECEIVES.has(w))) return p.who;
  }
  for (let v = s.at - 1; v >= 0 && v >= s.at - 16; v--) {
    // "the SBC sends an INVITE to Teams and gets 403": whoever received the code did not send it.
    if (RECEIVES.has(s.words[v]!)) return undefined;
    if (!ANSWERS.has(s.words[v]!) || PASSIVE.has(s.words[v - 1] ?? '')) continue;
    const p = partyBefore(s.words, v, 6);
    if (!p) continue;
    let negated = false;
    for (let i = p.at + 1; i < v; i++) if (NEGATIONS.has(s.words[i]!)) negated = true;
    if (!negated) return p.who;
  }
  return undefined;
}

/** "send it back to Microsoft, but I was getting a 400 back": the request went to the party, the code came back. */
function sentToGotBack(s: Sentence): Who | undefined {
  let got = -1;
  for (let i = s.at - 1; i >= 0 && i >= s.at - 4; i--) if (RECEIVES.has(s.words[i]!)) got = i;
  if (got < 0) return undefined;
  for (let t = got - 1; t >= 0; t--) {
    if (s.words[t] !== 'to') continue;
    let sent = false;
    for (let i = t - 1; i >= 0 && i >= t - 6; i--) if (ANSWERS.has(s.words[i]!)) sent = true;
    if (!sent) continue;
    for (let i = t + 1; i < got && i <= t + 4; i++) {
      const w = who(s.words[i]);
      if (w) return w;
    }
  }
  return undefined;
}

/**
 * "When the SBC receives a 503 message": the party that received the code, when it is the SBC or
 * Microsoft and the sentence names no carrier (the SBC's other peer; "from the carrier" is read before).
 */
function receiverOf(s: Sentence): Who | undefined {
  const p = receivingParty(s);
  return p && p !== 'carrier' && !s.words.some((w) => who(w) === 'carrier') ? p : undefined;
}

/** The party before a receiving verb just before the code, or (Japanese) the subject of one just after it. */
function receivingParty(s: Sentence): Who | undefined {
  for (let v = s.at - 1; v >= 0 && v >= s.at - 4; v--) {
    if (RECEIVES.has(s.words[v]!)) return partyBefore(s.words, v, 4)?.who;
  }
  // Japanese puts the verb after its object, the subject marked by が before: "SBC が ... 503
  // メッセージを受信した場合" (when the SBC receives a 503 message).
  for (let v = s.at + 1; v < s.words.length && v <= s.at + 2; v++) {
    if (!RECEIVES_JA.test(s.words[v]!)) continue;
    for (let i = s.at - 1; i >= 1 && i >= s.at - 12; i--) {
      const p = s.words[i] === 'が' ? who(s.words[i - 1]) : undefined;
      if (p && p !== 'carrier') return p;
    }
    return undefined;
  }
  // Chinese puts the verb before its object, often with no spaces: "當 SBC 收到含有Retry-After標頭的 503 郵件" (when the SBC receives a 503 message).
  for (const m of s.text.matchAll(ZH_RECEIVES)) if (m.groups!.code === s.words[s.at]) return WHO_OF[m.groups!.who!.toLowerCase()];
  return undefined;
}
/** 受信 (receive), 受け取 (take in): in a Japanese word after the code. */
const RECEIVES_JA = /受信|受け取/;
/** A party, 收到 / 接收到 / 接收 (receives), then the code within a few characters. */
const ZH_RECEIVES = /(?<who>SBC|Teams|Microsoft)[ \t]{0,2}(?:收到|接收到|接收)[^。，,\n]{0,30}?(?<!\d)(?<code>[3-6]\d\d)(?!\d)/gi;

/**
 * Japanese puts the answering verb after the code, and often writes no spaces: "SBC が 503 で応答
 * しました", "Microsoftが403を返します" (the subject marked by が or は), "Teams から 404 が返って
 * きます" (from Teams, the code right after), "408 要求タイムアウト ... に対して SBC が応答した場合"
 * (the code described first, then who answered with it).
 */
const JA_WHO = String.raw`(?<who>SBC|Teams|Microsoft|マイクロソフト|ゲートウェイ|キャリア|プロバイダー?|通信事業者)`;
const JA_CODE = String.raw`(?<!\d)(?<code>[3-6]\d\d)(?!\d)`;
const JA_ANSWERS = String.raw`(?:応答|返[しすさっ]|送信|送[りっるら]|拒否)`;
const JA_SUBJECT_ANSWERS = new RegExp(String.raw`${JA_WHO}[ \t]{0,2}[がは][^。.!?\n]{0,24}?${JA_CODE}[^。.!?\n]{0,24}?${JA_ANSWERS}`, 'g');
/** The subject and its quoted code: "SBC が SIP コード "504 Server Time-out - ...(a long phrase)" を返した". */
const JA_SUBJECT_QUOTES = new RegExp(String.raw`${JA_WHO}[ \t]{0,2}[がは][^。.!?\n"「“]{0,24}["「“]${JA_CODE}`, 'g');
const JA_ANSWER_VERB = new RegExp(String.raw`^[ \t]{0,2}(?:を|で|と)?[ \t]{0,2}${JA_ANSWERS}`);
/** The quotes that close the ones JA_SUBJECT_QUOTES opens. */
const JA_CLOSING_QUOTES = /["」”]/;
/** How long a quoted phrase after a code may be. */
const JA_QUOTE_CHARS = 300;
const JA_FROM_PARTY = new RegExp(String.raw`${JA_WHO}[ \t]{0,2}(?:から|より)[ \t]{0,2}(?:SIP[ \t]{0,2})?${JA_CODE}`, 'g');
/** "<party> が応答した": whatever code the sentence named before it is the one answered. */
const JA_PARTY_ANSWERED = new RegExp(String.raw`${JA_WHO}[ \t]{0,2}が[ \t]{0,2}${JA_ANSWERS}`, 'g');
/**
 * Chinese puts the verb before the code: "SBC 在传入邀请上回复了代码“408", "SBC 會傳送 SIP 代碼"504"
 * (the party, then within its clause a verb of answering or sending, then the code).
 */
const ZH_WHO = String.raw`(?<who>SBC|Teams|Microsoft|微软|微軟|直接路由|运营商|運營商|电信业者|電信業者)`;
const ZH_SUBJECT_SENDS = new RegExp(String.raw`${ZH_WHO}[^。，,\n]{0,20}?(?:回复|回覆|回複|回應|回应|返回|发送|發送|傳送|传送|响应|響應|拒绝|拒絕)[^。，,\n]{0,16}?${JA_CODE}`, 'g');
/** The patterns above, for the static ReDoS check. */
export const CJK_SENDER_PATTERNS: readonly RegExp[] = [JA_SUBJECT_ANSWERS, JA_SUBJECT_QUOTES, JA_ANSWER_VERB, JA_FROM_PARTY, JA_PARTY_ANSWERED, ZH_SUBJECT_SENDS];
/** How far before "<party> が応答した" the code it answered with may be. */
const JA_CODE_BEFORE = 200;
const WHO_CJK: Record<string, Who> = {
  sbc: 'sbc', ゲートウェイ: 'sbc', teams: 'microsoft', microsoft: 'microsoft', マイクロソフト: 'microsoft', 微软: 'microsoft', 微軟: 'microsoft', 直接路由: 'microsoft',
  キャリア: 'carrier', プロバイダ: 'carrier', プロバイダー: 'carrier', 通信事業者: 'carrier', 运营商: 'carrier', 運營商: 'carrier', 电信业者: 'carrier', 電信業者: 'carrier',
};
const HAS_CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Who a Japanese or Chinese sentence says sent the code, if it says so. */
function cjkSender(text: string, code: number): Who | undefined {
  if (!HAS_CJK.test(text)) return undefined;
  for (const re of [JA_SUBJECT_ANSWERS, JA_FROM_PARTY, ZH_SUBJECT_SENDS]) {
    for (const m of text.matchAll(re)) if (Number(m.groups!.code) === code) return WHO_CJK[m.groups!.who!.toLowerCase()];
  }
  for (const m of text.matchAll(JA_SUBJECT_QUOTES)) {
    if (Number(m.groups!.code) !== code) continue;
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + JA_QUOTE_CHARS);
    const close = rest.search(JA_CLOSING_QUOTES);
    if (close >= 0 && JA_ANSWER_VERB.test(rest.slice(close + 1))) return WHO_CJK[m.groups!.who!.toLowerCase()];
  }
  for (const m of text.matchAll(JA_PARTY_ANSWERED)) {
    const before = text.slice(Math.max(0, m.index - JA_CODE_BEFORE), m.index);
    const sentence = before.slice(Math.max(before.lastIndexOf('。'), before.lastIndexOf('\n')) + 1);
    if (numberAt(sentence, String(code), 0) >= 0) return WHO_CJK[m.groups!.who!.toLowerCase()];
  }
  return undefined;
}

/** Past participles of sending, before "by": "the 404 code returned by Teams", "la 503 renvoyée par le SBC". */
const SENT_BY = new Set([
  'returned', 'sent', 'generated', 'issued', 'given', 'produced', 'thrown', 'rejected', 'raised', 'answered',
  'renvoyé', 'renvoyée', 'envoyé', 'envoyée', 'généré', 'générée', 'retourné', 'retournée',
  'devuelto', 'devuelta', 'enviado', 'enviada', 'generado', 'generada', 'retornado', 'retornada', 'gerado', 'gerada',
  'restituito', 'inviato', 'generato', 'gesendet', 'zurückgegeben', 'geliefert',
]);
const BY = new Set(['by', 'par', 'por', 'pelo', 'pela', 'von', 'da', 'dal', 'dalla']);
const FROM = new Set(['from', 'von', 'de', 'del', 'da', 'от']);

/**
 * "404 Unallocated Number from the PSTN provider", "the 404 code returned by Teams to the SBC":
 * "from", or a sending verb's "by", and a party within a few words after the code.
 */
function codeFromParty(s: Sentence): Who | undefined {
  for (let i = s.at + 1; i < s.words.length && i <= s.at + 6; i++) {
    const w = s.words[i]!;
    if (/^(?:calls?|invites?|requests?|users?)$/.test(w)) return undefined;
    const sentBy = BY.has(w) && SENT_BY.has(s.words[i - 1]!);
    if (!sentBy && !FROM.has(w)) continue;
    for (let j = i + 1; j < s.words.length && j <= i + 4; j++) {
      const p = who(s.words[j]);
      if (p) return p;
      if (!FILLERS.has(s.words[j]!)) break;
    }
    return undefined;
  }
  return undefined;
}

/** "Your PSTN provider ... is sending the SIP failure message": the carrier sends the failure. */
const FAILURE_WORDS = new Set(['failure', 'error', 'errors', 'response', 'code', 'fehler', 'erreur', 'erro', 'falla', 'fallo']);

function providerSendsFailure(sentences: Sentence[]): Sentence | undefined {
  return sentences.find((s) => {
    let lastFailure = -1;
    s.words.forEach((w, i) => {
      if (FAILURE_WORDS.has(w)) lastFailure = i;
    });
    for (let i = 0; i < s.words.length; i++) {
      if (who(s.words[i]) !== 'carrier') continue;
      for (let j = i + 1; j < s.words.length && j <= i + 8; j++) {
        if (NEGATIONS.has(s.words[j]!)) break;
        if (ANSWERS.has(s.words[j]!) && lastFailure > j) return true;
      }
    }
    return false;
  });
}

/** Retrying, in the words of Microsoft's page and its translations ("retry", "nouvelle tentative", "nova tentativa", "再試行"). */
const RETRY = /\bretr(?:y|ies|ying|ied)\b|nouvelles? tentatives?|novas? tentativas?|reintent|nuov[oi] tentativ|erneut|wiederhol|再試行|リトライ/i;

/** A Contact header with an IP address where the FQDN belongs ("... where the host name is an IP address instead of an FQDN"; the header's name stays English in Microsoft's translations, or is Kontaktkopfzeile, 联系人, 연락처). */
const CONTACT_IP = /^(?=[^\n]{0,400}?(?:\bContact\b|\bKontakt|联系人|聯絡人|연락처))(?=[^\n]{0,400}?\bIP(?![A-Za-z]))/i;
/** A Retry-After header, named as such in every language Microsoft's pages are translated into. */
const RETRY_AFTER = /\bRetry-After\b/i;
const CAUSE_34_OR_17 = /\bcause(?:[ \t]{1,3}code)?[ \t]{0,3}[=:]?[ \t]{0,3}(?:34|17)\b/i;
const BUSY_ON_BUSY = /\bbusy[ \t-]{1,3}on[ \t-]{1,3}busy\b|\bBusyOnBusy|\bBoB\b/i;

/** A situation a Microsoft page documents for one SIP code, known by words the paragraph holds. */
interface DocumentedSituation extends Omit<WordsOrigin, 'quote'> {
  sipCode: number;
  /** Words of the paragraph that name the situation. */
  says: RegExp;
  /** Only in a Teams paste. */
  teamsOnly?: true;
}

/** The rules q850-486-mapping, busy-on-busy, declined-603-retries, contact-ip-403 and retry-after-503, in that order. */
const DOCUMENTED_SITUATIONS: readonly DocumentedSituation[] = [
  {
    rule: 'q850-486-mapping',
    sipCode: 486,
    says: CAUSE_34_OR_17,
    side: 'microsoft',
    party: 'sbc',
    reason:
      'Teams rejects an inbound call with 486 when the user is busy; Direct Routing maps 486 to Q.850 cause 17 (ND1017), and a carrier that maps it to 34 (RFC 4497) reads the rejection wrongly and retries.',
    fix: 'Microsoft\'s fix is on the SBC: a SIP manipulation rule that removes the Q.850 cause sent with 486, or changes 34 to 17 (then, if the carrier still retries, its configuration).',
    ruleUrl: INBOUND_URL,
  },
  {
    rule: 'busy-on-busy',
    sipCode: 486,
    says: BUSY_ON_BUSY,
    side: 'microsoft',
    party: 'none',
    reason: 'With busy on busy on in the user\'s Teams calling policy (BusyOnBusyEnabledType), Teams rejects a new call with a busy signal while the user is in a call.',
    fix: 'The calling policy at work, not a fault: change BusyOnBusyEnabledType in the user\'s calling policy if such calls should ring through or go to voicemail.',
    ruleUrl: BUSY_ON_BUSY_URL,
  },
  {
    // Microsoft's "Handling retries (603 response)": a Teams user declined, Teams answered 603, and
    // the SBC or the PSTN trunk retries the call; the SBC must stop retrying on 603.
    rule: 'declined-603-retries',
    sipCode: 603,
    says: RETRY,
    teamsOnly: true,
    side: 'microsoft',
    party: 'sbc',
    reason: 'Teams answers 603 (Decline) when the user declines an inbound call; several missed-call notifications for one call mean the SBC or the PSTN trunk retries after it (Microsoft\'s "Handling retries (603 response)").',
    fix: 'Reconfigure the SBC to stop retrying on the 603 response (and the PSTN trunk, if it is the one retrying).',
    ruleUrl: RETRIES_603_URL,
  },
  {
    // "Direct Routing - SIP protocol", Contact header: an INVITE or OPTIONS to the SIP proxy whose
    // Contact host is an IP address instead of an FQDN is rejected with 403 Forbidden.
    rule: 'contact-ip-403',
    sipCode: 403,
    says: CONTACT_IP,
    teamsOnly: true,
    side: 'microsoft',
    party: 'sbc',
    reason: "Microsoft's SIP proxy rejects an INVITE or OPTIONS with 403 Forbidden when the Contact header's host is an IP address instead of the SBC's FQDN.",
    fix: "Configure the SBC to put its FQDN (the one registered in the tenant) in the Contact header, not its IP address.",
    ruleUrl: CONTACT_HEADER_URL,
  },
  {
    // "Direct Routing - SIP protocol", Retry-After: a busy Direct Routing datacenter answers an INVITE
    // with 503 and a Retry-After header; the SBC must end that connection and try the next datacenter.
    rule: 'retry-after-503',
    sipCode: 503,
    says: RETRY_AFTER,
    teamsOnly: true,
    side: 'microsoft',
    party: 'sbc',
    reason: 'A busy Direct Routing datacenter answers an INVITE with 503 and a Retry-After header.',
    fix: 'The SBC must end that connection and try the next Microsoft datacenter (sip2, sip3): check that it fails over on a 503 with Retry-After.',
    ruleUrl: RETRY_AFTER_URL,
  },
];

// --- the rules -----------------------------------------------------------------------------------

export function wordsOrigin({ sipCode, paragraph, context, kb }: WordsInput): WordsOrigin | undefined {
  const code = String(sipCode);
  const sentences: Sentence[] = sentencesOf(paragraph).map((text) => {
    // Outside a Teams paste "the proxy" is any SIP proxy (a Kamailio in front of a registrar), not Microsoft's.
    const words = context === 'teams' ? wordsOf(text) : wordsOf(text).map((w) => (w === 'proxy' ? 'sip-proxy' : w));
    return { text, words, at: words.indexOf(code) };
  });
  // A sentence naming the code twice is read at each place (a translated page's sentence beside its English one, run together).
  const withCode = sentences.flatMap((s) => s.words.flatMap((w, at) => (w === code ? [{ ...s, at }] : [])));
  if (!withCode.length) return undefined;
  const first = withCode[0]!;

  for (const { sipCode: documented, says, teamsOnly, ...answer } of DOCUMENTED_SITUATIONS) {
    if (documented !== sipCode || (teamsOnly && context !== 'teams')) continue;
    const s = sentences.find((x) => says.test(x.text));
    if (s) return { ...answer, quote: quoteOf(s.text) };
  }

  if (sipCode === 408) {
    const s = withCode.find((x) => saysSbcDidNotAnswer(x.words)) ?? sentences.find((x) => saysSbcDidNotAnswer(x.words));
    if (s) {
      return {
        rule: 'sbc-no-answer-408',
        side: 'microsoft',
        party: 'sbc',
        quote: quoteOf(s.text),
        reason: 'The SBC did not answer in time, so Microsoft ended the wait with 408: the Teams pages document this as Microsoft\'s 500001/408 ("Gateway (SBC) failover timer expired") and 1106/408 (the SBC did not acknowledge).',
        fix: 'Find out why the SBC answered late or not at all (its load, its route to the carrier, the trunk\'s FailoverTimeSeconds).',
        ruleUrl: SIP_408_URL,
      };
    }
  }

  let cjkRead: string | undefined;
  for (const s of withCode) {
    // The Chinese and Japanese reading is of the whole sentence: once, however often it names the code.
    const p = partyAnswered(s) ?? (s.text === cjkRead ? undefined : cjkSender((cjkRead = s.text), sipCode));
    if (p) {
      return {
        rule: 'party-answered',
        side: sideOf(p),
        party: partyOf(p),
        quote: quoteOf(s.text),
        reason: `Your words say ${label(p)} sent this response.`,
      };
    }
  }
  for (const s of withCode) {
    const p = sentToGotBack(s);
    if (p) {
      return {
        rule: 'sent-to-got-back',
        side: sideOf(p),
        party: partyOf(p),
        quote: quoteOf(s.text),
        reason: `Your words say the request went to ${label(p)} and this response came back: a SIP response comes from where its request was sent.`,
      };
    }
  }
  for (const s of withCode) {
    const p = codeFromParty(s);
    if (p) {
      return { rule: 'code-from-party', side: sideOf(p), party: partyOf(p), quote: quoteOf(s.text), reason: `Your words say this response came from ${label(p)}.` };
    }
  }
  if (context === 'teams') {
    for (const s of withCode) {
      const p = receiverOf(s);
      if (p) {
        const sender: Who = p === 'sbc' ? 'microsoft' : 'sbc';
        return {
          rule: 'receiver-peer',
          side: sideOf(sender),
          party: partyOf(sender),
          quote: quoteOf(s.text),
          reason: `Your words say ${label(p)} received this response; in Direct Routing the SBC and Microsoft's SIP proxy answer each other, so ${label(sender)} sent it.`,
        };
      }
    }
  }
  const provider = providerSendsFailure(sentences);
  if (provider) {
    return {
      rule: 'provider-sends-failure',
      side: 'sbc',
      party: 'carrier',
      quote: quoteOf(provider.text),
      reason: 'Your words say the PSTN provider sends the failure, and the SBC passes it on: Microsoft\'s page on outbound calls says so of a SIP 403 or 404 the provider sends.',
      fix: 'Contact the PSTN provider, with the SBC\'s trace of the call (Microsoft\'s resolution for this cause).',
      ruleUrl: OUTBOUND_URL,
    };
  }
  if (context === 'teams' && sentences.some((s) => s.words.some((w) => INBOUND.has(w)))) {
    const answers = teamsAnswersOf(kb, sipCode);
    if (answers.codes.length && answers.side === 'microsoft') {
      return {
        rule: 'inbound-microsoft-code',
        side: 'microsoft',
        party: answers.party ?? 'unknown',
        quote: quoteOf(first.text),
        reason: `An inbound call reaches Teams through the SBC, and the Teams pages document SIP ${sipCode} only as Microsoft's own answer (${answers.codes.join(', ')}): Microsoft's SIP proxy most likely answered the SBC's INVITE. The call's Microsoft code (Final Microsoft subcode) says which.`,
      };
    }
  }
  return undefined;
}

// --- HTTP answers of Microsoft's endpoints -----------------------------------------------------------

/** A browser console or HTTP log line: the method, the URL, then the status ("POST https://api3.cc.skype.com/conv/ 403 (Forbidden)"). */
const HTTP_ANSWER = /\b(?:GET|POST|PUT|PATCH|DELETE)[ \t]{1,8}https?:\/\/([A-Za-z0-9.-]{1,253})(?:[/:?#][^\s]{0,2000})?[ \t]{1,8}([1-5]\d\d)\b/;
/** Microsoft's service domains. */
export const MICROSOFT_DOMAIN = new RegExp(String.raw`(?:^|\.)(?:${MICROSOFT_DOMAINS}|teams\.microsoft\.us)$`, 'i');

/** The HTTP statuses Microsoft's endpoints answered in the paste's lines, each with the line that shows it. */
export function microsoftHttpAnswers(lines: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of lines) {
    if (line.length > 4000 || !line.includes('http')) continue;
    const m = HTTP_ANSWER.exec(line);
    if (!m || !MICROSOFT_DOMAIN.test(m[1]!)) continue;
    const status = Number(m[2]);
    if (status >= 400 && !out.has(status)) out.set(status, quoteOf(line));
  }
  return out;
}

/** Origin of a status a Microsoft endpoint was seen answering in the paste. */
export function httpAnswerOrigin(status: number, quote: string): WordsOrigin {
  return {
    rule: 'microsoft-endpoint-answered',
    side: 'microsoft',
    party: 'unknown',
    quote,
    reason: `Your paste shows a Microsoft endpoint answering an HTTP request with ${status}: Microsoft's service generated it.`,
    fix: 'What the endpoint refused is in its response body or the error\'s message; who must act follows from it (the tenant\'s settings, a licence, or the app\'s request).',
  };
}

// --- HTTP statuses of Microsoft's service APIs, quoted without their URL ----------------------------

const AZURE_SDK_ERRORS_URL = 'https://learn.microsoft.com/en-us/dotnet/api/azure.requestfailedexception';

/**
 * An app calling a Microsoft service's REST API through its SDK: the ACS server-side clients and
 * request types (Call Automation, the older CallingServer, identity, phone numbers, SMS), the
 * ACS identifier types requests are addressed with, the Azure SDK's error for a failed service
 * request, Microsoft Graph's client and errors. (Not the ACS Calling SDK in a client: its codes are
 * the SDK's own, read with their subcodes.)
 */
const SERVICE_API =
  /\b(?:CallAutomation|CallingServer|CommunicationIdentity|PhoneNumbers|Sms|GraphService)Client\b|\bCallConnection\b|\bCreateCallConnection|\b(?:CreateCall|AnswerCall|RedirectCall|AddParticipant)Options\b|\b(?:PhoneNumber|CommunicationUser|MicrosoftTeamsUser)Identifier\b|\bRequestFailedException\b|\bHttpResponseException\b|\bODataError\b|\bgraph\.microsoft\.com\b/i;

/** HTTP reason phrases (RFC 9110 and RFC 6585) of the statuses a service API answers with. */
const HTTP_REASONS: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  408: 'request timeout',
  409: 'conflict',
  412: 'precondition failed',
  413: 'content too large',
  415: 'unsupported media type',
  422: 'unprocessable content',
  429: 'too many requests',
  500: 'internal server error',
  501: 'not implemented',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

/** Words before a number that make it an HTTP status: "HTTP 403", "Status: 403", "status code 403", "StatusCode=403". */
const STATUS_LABEL = /(?:\bHTTP(?:\/\d(?:\.\d)?)?|\bstatus(?:[ \t]?code)?)[ \t]{0,3}[:=]?[ \t]{0,3}$/i;

/** Whether the number at `at` in `line` is written as an HTTP status: with its HTTP reason phrase after it, or a status label before it. */
function writtenAsHttpStatus(line: string, at: number, status: number): boolean {
  const reason = HTTP_REASONS[status];
  if (!reason) return false;
  const after = line
    .slice(at + 3, at + 3 + reason.length + 6)
    .toLowerCase()
    .replace(/^[ \t]{0,3}[-:(]?[ \t]{0,3}/, '');
  return after.startsWith(reason) || STATUS_LABEL.test(line.slice(Math.max(0, at - 20), at));
}

/**
 * The HTTP statuses a Microsoft service's API answered in a paste that shows an app calling it
 * (SERVICE_API), written as HTTP statuses ("403 Forbidden", "Status: 403"), each with its line. An
 * HTTP status is the answer of the service the request went to: Azure's SDKs raise
 * RequestFailedException with "the HTTP status code of the response" the service sent, and ACS
 * Call Automation documents its 4xx/5xx codes as the service's answers to the app.
 */
export function serviceApiAnswers(text: string, lines: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  if (!SERVICE_API.test(text)) return out;
  for (const line of lines) {
    if (line.length > 4000) continue;
    for (const m of line.matchAll(/(?<![\d.])([45]\d\d)(?![\d.])/g)) {
      const status = Number(m[1]);
      if (!out.has(status) && writtenAsHttpStatus(line, m.index!, status)) out.set(status, quoteOf(line));
    }
  }
  return out;
}

/** Origin of an HTTP status a Microsoft service's API answered the app with. */
export function serviceApiAnswerOrigin(status: number, quote: string): WordsOrigin {
  return {
    rule: 'microsoft-service-api-answered',
    side: 'microsoft',
    party: 'unknown',
    quote,
    reason: `Your paste shows an app calling a Microsoft service's API (Azure Communication Services or Microsoft Graph) and getting HTTP ${status} back: an HTTP status is the answer of the service the request went to, so Microsoft's service generated it.`,
    fix: 'What the service refused is in the error\'s message and error code; who must act follows from it (usually the app\'s request or the resource\'s settings).',
    ruleUrl: AZURE_SDK_ERRORS_URL,
  };
}
