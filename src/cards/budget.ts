// The size budget of what the bot sends to Teams. Teams refuses a message over 100 KB (413) and
// Microsoft recommends staying under 80 KB; Teams counts the activity as UTF-16, two bytes per
// code unit, so a reply of 53 KB of UTF-8 is 106 KB to Teams. A reply that would be larger drops
// cards from the end (never the summary) and says which in its text; cards that still do not fit
// have their long texts cut. Message-extension results drop results from the end.
import type { AdaptiveCard } from './index';

/** Microsoft's recommended ceiling for a message, counted as Teams counts it. */
export const MAX_REPLY_BYTES = 80 * 1024;
/** Room for what the SDK adds to a reply (ids, the conversation, the recipient, the service URL). */
export const ENVELOPE_RESERVE_BYTES = 4 * 1024;
/** Texts of a card that still does not fit are cut to this many characters. */
const SHORTENED_TEXT_CHARS = 400;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The size Teams sees: UTF-16, two bytes per code unit, of the JSON as sent. */
export const utf16Bytes = (value: unknown): number => 2 * (JSON.stringify(value) ?? '').length;

export interface ReplyDraft {
  cards: AdaptiveCard[];
  /** The message text (a note such as "only the first ... characters were read"). */
  text?: string;
  summary?: string;
  /** The index of a card that must stay (the summary of a long paste). */
  keep?: number;
}

export interface FittedReply {
  cards: AdaptiveCard[];
  text?: string;
  /** How many cards were left out, and how many had their texts cut. */
  dropped: number;
  shortened: number;
  /** The size of the reply as measured (UTF-16 bytes, the envelope reserve included). */
  bytes: number;
}

export interface BudgetOptions {
  maxBytes?: number;
  /** The serialized size of what the SDK adds, when known; ENVELOPE_RESERVE_BYTES otherwise. */
  envelopeBytes?: number;
}

/** What the SDK copies from the incoming activity into a reply, measured, with room for ids. */
export function envelopeBytes(incoming: { from?: unknown; recipient?: unknown; conversation?: unknown; serviceUrl?: unknown; channelId?: unknown; locale?: unknown; id?: unknown }): number {
  const { from, recipient, conversation, serviceUrl, channelId, locale, id } = incoming;
  return 1024 + utf16Bytes({ from: recipient, recipient: from, conversation, serviceUrl, channelId, locale, replyToId: id });
}

/** The reply's own part of the activity, shaped as MessageFactory and CardFactory shape it. */
function replyBytes(cards: AdaptiveCard[], text: string | undefined, summary: string | undefined, envelope: number): number {
  const attachments = cards.map((content) => ({ contentType: ADAPTIVE_CARD, content }));
  return envelope + utf16Bytes({ type: 'message', text, summary, inputHint: 'acceptingInput', attachmentLayout: 'carousel', attachments });
}

/** "569002 / 504" from a card's speak text ("569002 / 504: Unable to deliver INVITE"). */
function cardName(card: AdaptiveCard): string {
  const speak = typeof card.speak === 'string' ? card.speak : '';
  const colon = speak.indexOf(':');
  return (colon > 0 ? speak.slice(0, colon) : speak).slice(0, 40) || 'a code';
}

function droppedNote(names: string[], hasSummary: boolean): string {
  const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const where = hasSummary ? "use the summary's buttons, or paste those codes on their own" : 'paste those codes on their own';
  return `Teams limits the size of a message, so the card${names.length === 1 ? '' : 's'} for ${listed} ${names.length === 1 ? 'is' : 'are'} not shown: ${where}.`;
}

/** A copy of the card with every text longer than `max` cut, and how many were. */
function shortenCard(card: AdaptiveCard, max: number): { card: AdaptiveCard; cut: number } {
  let cut = 0;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'text' && typeof v === 'string' && v.length > max) {
        cut++;
        // Not inside a surrogate pair.
        const end = v.charCodeAt(max - 1) >= 0xd800 && v.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
        out[k] = `${v.slice(0, end)}…`;
      } else {
        out[k] = walk(v);
      }
    }
    return out;
  };
  return { card: walk(card) as AdaptiveCard, cut };
}

/** The reply that fits the budget: all of it when it does. Pure: the draft is not changed. */
export function fitReply(draft: ReplyDraft, options: BudgetOptions = {}): FittedReply {
  const max = options.maxBytes ?? MAX_REPLY_BYTES;
  const envelope = options.envelopeBytes ?? ENVELOPE_RESERVE_BYTES;
  const keep = draft.keep !== undefined && draft.keep >= 0 && draft.keep < draft.cards.length ? draft.keep : undefined;
  const size = (cards: AdaptiveCard[], text: string | undefined) => replyBytes(cards, text, draft.summary, envelope);
  const withNote = (note: string) => (draft.text ? `${draft.text}\n\n${note}` : note);

  let bytes = size(draft.cards, draft.text);
  if (bytes <= max) return { cards: draft.cards, text: draft.text, dropped: 0, shortened: 0, bytes };

  // Drop cards from the end, the kept one excepted, down to one card (and the kept one).
  let kept = draft.cards.map((card, i) => ({ card, i }));
  const dropped: Array<{ i: number; name: string }> = [];
  let text = draft.text;
  const drop = (index: number) => {
    dropped.push({ i: kept[index]!.i, name: cardName(kept[index]!.card) });
    kept = kept.filter((_, j) => j !== index);
    const names = [...dropped].sort((a, b) => a.i - b.i).map((d) => d.name);
    text = withNote(droppedNote(names, keep !== undefined));
    bytes = size(kept.map((k) => k.card), text);
  };
  const lastDroppable = () => {
    let j = kept.length - 1;
    while (j > 0 && kept[j]!.i === keep) j--;
    return j;
  };
  while (bytes > max && kept.length > (keep === undefined ? 1 : 2)) drop(lastDroppable());
  let shortened = 0;
  if (bytes > max) {
    // What is left is still too large: cut its long texts.
    kept = kept.map((k) => {
      const r = shortenCard(k.card, SHORTENED_TEXT_CHARS);
      if (r.cut) shortened++;
      return { card: r.card, i: k.i };
    });
    bytes = size(kept.map((k) => k.card), text);
  }
  while (bytes > max && keep !== undefined && kept.length > 1) drop(lastDroppable());
  let cards = kept.map((k) => k.card);
  if (bytes > max) {
    // Nothing fits: the text alone says so.
    dropped.push(...kept.map((k) => ({ i: k.i, name: cardName(k.card) })));
    cards = [];
    text = withNote('This answer is too large for one Teams message. Paste fewer lines, or use the sipdoc command line tool.');
    bytes = size(cards, text);
  }
  return { cards, text, dropped: dropped.length, shortened, bytes };
}

/** Results of a message-extension query that fit the budget: the first ones, at least one. */
export function fitResults<T>(attachments: T[], wrap: (attachments: T[]) => unknown, maxBytes = MAX_REPLY_BYTES): T[] {
  // The JSON of a list is its items and a comma between each two.
  let bytes = ENVELOPE_RESERVE_BYTES + utf16Bytes(wrap([]));
  let n = 0;
  for (const a of attachments) {
    bytes += utf16Bytes(a) + (n > 0 ? 2 : 0);
    if (bytes > maxBytes && n > 0) break;
    n++;
  }
  return n === attachments.length ? attachments : attachments.slice(0, n);
}
