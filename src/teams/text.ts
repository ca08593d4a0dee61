// The text a Teams message carries, as the user pasted it.
// - Teams collapses newlines in `activity.text`; the `text/html` attachment keeps them, so a pasted
//   log or CSV is read from there when present.
// - In channels and group chats the bot is @mentioned: only the bot's own mention is removed; any
//   other mention stays as the person's name.
import { decodeHTML } from 'entities';
import type { Activity, Mention } from 'botbuilder';

/** Text longer than this is cut before it is read (the answer says so). */
export const MAX_TEXT_CHARS = 1_000_000;

function botMention(activity: Partial<Activity>): Mention | undefined {
  const botId = activity.recipient?.id;
  if (!botId) return undefined;
  return (activity.entities ?? []).find(
    (e): e is Mention & { type: string } => e.type === 'mention' && (e as unknown as Mention).mentioned?.id === botId,
  ) as Mention | undefined;
}

/** The display name inside a mention's text: "<at>SIP Doc</at>" -> "SIP Doc". No '<' in a name: linear on any text. */
function mentionName(m: Mention): string | undefined {
  const fromText = /<at[^<>]{0,200}>([^<]{0,200})<\/at>/i.exec(m.text ?? '')?.[1];
  return (fromText ?? m.mentioned?.name)?.trim() || undefined;
}

/**
 * Removes the first element `<tag ...>name</tag>` whose opening tag passes `opens` and whose
 * content (trimmed, case-insensitive) is the name. A scan with indexOf, not a pattern: each
 * character is looked at a bounded number of times whatever the input (a megabyte of `<at`).
 */
function removeElement(html: string, tag: string, name: string, opens: (openTag: string) => boolean): string {
  const lower = html.toLowerCase();
  const open = `<${tag}`;
  const close = `</${tag}>`;
  const wanted = name.trim().toLowerCase();
  for (let i = lower.indexOf(open); i >= 0; i = lower.indexOf(open, i + 1)) {
    const after = lower.charCodeAt(i + open.length);
    // "<at>" or "<at " (not "<atom>"), then the end of the opening tag before any other "<".
    if (after !== 62 && after !== 32 && after !== 9 && after !== 10) continue;
    // The tag ends before the next "<": look for its ">" only there (each stretch is read once).
    const nextOpen = lower.indexOf('<', i + 1);
    const tagEnd = nextOpen >= 0 ? nextOpen : lower.length;
    const gt = lower.slice(i, tagEnd).indexOf('>');
    if (gt < 0) continue;
    const end = i + gt;
    if (!opens(html.slice(i, end + 1))) continue;
    const contentEnd = nextOpen;
    if (contentEnd < 0) break;
    if (lower.slice(end + 1, contentEnd).trim() !== wanted || !lower.startsWith(close, contentEnd)) continue;
    return html.slice(0, i) + html.slice(contentEnd + close.length);
  }
  return html;
}

const MENTION_ITEMTYPE = 'itemtype="http://schema.skype.com/mention"';

/**
 * Teams HTML to plain text with its line breaks. Every pattern stops at the next `<` or `>`, so
 * the work stays linear on any input (a megabyte of `<` included).
 */
export function htmlToText(html: string): string {
  return decodeHTML(
    html
      .replace(/<br[^<>]*>/gi, '\n')
      .replace(/<\/(?:p|div|li|tr|pre|h[1-6]|blockquote)[^<>]*>/gi, '\n')
      .replace(/<\/t[dh][^<>]*>/gi, '\t')
      .replace(/<[^<>]*>/g, ''),
  )
    .replace(/\u00a0/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Removes the bot's own mention element from Teams HTML (`<at>` or a Mention-typed `<span>`). */
function removeMentionHtml(html: string, name: string): string {
  const withoutAt = removeElement(html, 'at', name, () => true);
  return removeElement(withoutAt, 'span', name, (openTag) => openTag.toLowerCase().includes(MENTION_ITEMTYPE));
}

export interface MessageText {
  text: string;
  /** The text was longer than MAX_TEXT_CHARS and was cut. */
  cut: boolean;
  /** Where it was read from. */
  source: 'html' | 'text' | 'none';
}

export function messageText(activity: Partial<Activity>): MessageText {
  const mention = botMention(activity);
  const name = mention ? mentionName(mention) : undefined;
  const rawHtml = (activity.attachments ?? []).find((a) => a.contentType === 'text/html' && typeof a.content === 'string')?.content as string | undefined;
  // Markup takes room: allow the HTML a few times the text limit before it is cut.
  const html = rawHtml && rawHtml.length > 4 * MAX_TEXT_CHARS ? rawHtml.slice(0, 4 * MAX_TEXT_CHARS) : rawHtml;

  let text: string;
  let source: MessageText['source'];
  if (html) {
    text = htmlToText(name ? removeMentionHtml(html, name) : html);
    source = 'html';
  } else if (typeof activity.text === 'string') {
    text = activity.text;
    if (mention?.text) text = text.replace(mention.text, '');
    else if (name) text = removeElement(text, 'at', name, () => true);
    source = 'text';
  } else {
    return { text: '', cut: false, source: 'none' };
  }
  // Other people's mentions read as their names.
  text = text.replace(/<at[^<>]*>([^<>]*)<\/at>/gi, '$1').trim();
  const cut = text.length > MAX_TEXT_CHARS;
  return { text: cut ? text.slice(0, MAX_TEXT_CHARS) : text, cut, source };
}
