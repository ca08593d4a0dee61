// What a Teams message carries besides its text, and the one place that says what SIP Doc does
// with it. SIP Doc reads text (activity.text, or its text/html copy that keeps the lines):
// - images (a pasted screenshot: `image/*` with a sibling text/html holding an AMSImage <img>)
//   are not read;
// - files (`application/vnd.microsoft.teams.file.download.info` in a 1:1 chat, other types
//   elsewhere) are read by src/teams/files.ts; other attachments are not read;
// - cards from other apps are not read;
// - SIP Doc's own card, picked from the message extension and sent into the chat, is known and
//   not answered as a question (see ownCardReply).
import type { Activity, Attachment } from 'botbuilder';
import type { Kb } from '../kb/load';
import type { KbEntry } from '../kb/types';
import { entryCodes } from '../report/labels';

/**
 * The root `id` of every card SIP Doc sends (src/teams/app.ts sets it), so that a card coming
 * back into the chat is known as SIP Doc's own. Teams may hand the bot only an HTML rendering of
 * a shared card, without its JSON (BotBuilder-Samples#2338), so the rendering is recognised too.
 */
export const SIPDOC_CARD_ID = 'sipdoc-card';

/**
 * What SIP Doc says about what it did not read. Files Teams shares for download are read in a 1:1
 * chat (src/teams/files.ts); `file` is for any other attachment.
 */
export const NOT_READ = {
  image: 'Images are not read: type or paste the codes you see in it as text, for example "510559 403", or send the log or report as a file in a 1:1 chat.',
  file: 'This attachment is not read: send the report or log itself as a file in a 1:1 chat with SIP Doc, or paste the failing lines as text.',
  otherCard: 'Cards from other apps are not read: paste the codes as text.',
} as const;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const CARD_TYPE = /^application\/vnd\.microsoft\.(?:card|teams\.card)\./;
/** A pasted image appears in the HTML copy as an AMSImage <img>, sometimes with no image/* attachment. */
const AMS_IMAGE = /<img[^<>]*schema\.skype\.com\/AMSImage/i;

/** The visible signature of SIP Doc's code card: the first line names the codes, the last its source. */
const CARD_CODES = /^\s*(\d{1,6}) \/ (\d{1,3})(?!\d)/;
const CARD_SOURCE = /Source: Microsoft Learn, "[^"\n]{1,300}" \(\d{4}-\d{2}-\d{2}\), CC BY 4\.0\./;

export interface Extras {
  images: number;
  files: number;
  otherCards: number;
  /** SIP Doc's own card came back: as its JSON, or only as Teams' rendering of it in the text. */
  ownCard?: { via: 'card' | 'text'; entry?: KbEntry };
}

/** The entry a card's texts name: its codes, then the variant whose phrase the texts hold. */
function entryNamed(texts: string, kb: Kb): KbEntry | undefined {
  const m = CARD_CODES.exec(texts);
  if (!m) return undefined;
  const entries = kb.withPair(Number(m[1]), Number(m[2]));
  return entries.find((e) => texts.includes(e.phrase)) ?? entries[0];
}

/** The texts of an Adaptive Card's elements, in order (bounded: a card is small, a hostile one need not be). */
function cardTexts(content: unknown): string {
  const out: string[] = [];
  let budget = 500;
  const walk = (node: unknown) => {
    if (budget-- <= 0 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (typeof n.text === 'string') out.push(n.text.slice(0, 2000));
    for (const key of ['body', 'items', 'columns', 'inlines']) if (Array.isArray(n[key])) walk(n[key]);
  };
  walk((content as { body?: unknown })?.body);
  return out.join('\n');
}

/** Teams' rendering of SIP Doc's code card, read as text (the HTML copy of a shared card). */
export function ownCardInText(text: string, kb: Kb): { entry?: KbEntry } | undefined {
  const head = text.slice(0, 20_000);
  return CARD_SOURCE.test(head) ? { entry: entryNamed(head, kb) } : undefined;
}

export function readExtras(activity: Partial<Activity>, text: string, kb: Kb): Extras {
  const extras: Extras = { images: 0, files: 0, otherCards: 0 };
  let htmlImage = false;
  for (const a of (activity.attachments ?? []) as Attachment[]) {
    const type = typeof a?.contentType === 'string' ? a.contentType.toLowerCase() : '';
    if (type === 'text/html') {
      if (typeof a.content === 'string' && AMS_IMAGE.test(a.content.slice(0, 100_000))) htmlImage = true;
    } else if (type.startsWith('image/')) {
      extras.images++;
    } else if (type === ADAPTIVE_CARD && (a.content as { id?: unknown } | undefined)?.id === SIPDOC_CARD_ID) {
      extras.ownCard ??= { via: 'card', entry: entryNamed(cardTexts(a.content), kb) };
    } else if (CARD_TYPE.test(type)) {
      extras.otherCards++;
    } else if (type) {
      extras.files++;
    }
  }
  if (htmlImage && extras.images === 0) extras.images = 1;
  if (!extras.ownCard) {
    const rendered = ownCardInText(text, kb);
    if (rendered) extras.ownCard = { via: 'text', ...rendered };
  }
  return extras;
}

/** The sentences saying what was not read, or '' when everything was. */
export function notReadNote(extras: Extras): string {
  const notes: string[] = [];
  if (extras.images) notes.push(NOT_READ.image);
  if (extras.files) notes.push(NOT_READ.file);
  if (extras.otherCards) notes.push(NOT_READ.otherCard);
  return notes.join(' ');
}

/**
 * The answer to SIP Doc's own card shared into the chat. Brief, not silent: in a 1:1 chat no
 * answer looks like a bot that is down. Not the card again: the card is the answer and is in
 * the conversation already, and read as a question its own text (the SIP code, other codes in
 * the description) brings up unrelated entries.
 */
export function ownCardReply(entry: KbEntry | undefined): string {
  const which = entry ? ` for ${entryCodes(entry)} (${entry.phrase})` : '';
  return `That is SIP Doc's own card${which}: it is already the answer. To look up something else, paste the codes, a log line or a question.`;
}
