// The Teams bot: a thin adapter from Teams activities to diagnose() and back to cards.
//   messages (personal, group chat, channel @mention)  -> diagnose -> cards
//   "help", install                                     -> welcome card
//   card buttons (Action.Submit)                        -> explain / variants / SIP codes / ask
//   message extension "searchCodes" query / selectItem  -> entry cards
// No state is kept between turns: a button carries everything its answer needs.
import { Application, TurnState, type TeamsAdapter } from '@microsoft/teams-ai';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type Attachment,
  type MessagingExtensionAttachment,
  type MessagingExtensionResult,
  type TurnContext,
} from 'botbuilder';
import { cardsForDiagnosis, entryCard, summaryText, welcomeCard, type AdaptiveCard } from '../cards';
import { CARD_VERBS, parseCardAction, type CardAction } from '../cards/actions';
import { diagnose, explainCodes } from '../diagnose';
import { lookupEntries } from '../diagnose/lookup';
import type { Diagnosis } from '../diagnose/types';
import type { Kb } from '../kb/load';
import { CATALOG_LABELS, SIDE_LABELS, type KbEntry } from '../kb/types';
import type { Logger } from '../log';
import { entryCodes, shorten } from '../report/labels';
import { readMessage } from './off-thread';
import { MAX_TEXT_CHARS } from './text';

export const SEARCH_COMMAND_ID = 'searchCodes';

export interface BotDeps {
  kb: Kb;
  log: Logger;
}

const asAttachments = (cards: AdaptiveCard[]): Attachment[] => cards.map((c) => CardFactory.adaptiveCard(c));

/** One reply activity per answer: several cards go as a carousel, not as a burst of messages. */
async function sendCards(context: TurnContext, cards: AdaptiveCard[], summary: string, note?: string): Promise<void> {
  const activity = cards.length > 1 ? MessageFactory.carousel(asAttachments(cards), note) : MessageFactory.attachment(asAttachments(cards)[0]!, note);
  activity.summary = summary;
  await context.sendActivity(activity);
}

async function answerDiagnosis(context: TurnContext, d: Diagnosis, kb: Kb, note?: string) {
  await sendCards(context, cardsForDiagnosis(d, kb), summaryText(d), note);
}

const isHelp = (text: string) => /^\s*\/?(help|hi|hello|\?)\s*$/i.test(text);

/**
 * The list item of a search result. It has no tap action: picking it inserts the result's own
 * attachment, the full code card (the Agents Playground refuses previews with a tap).
 */
function entryPreview(e: KbEntry): Attachment {
  return CardFactory.thumbnailCard(shorten(`${entryCodes(e)} ${e.phrase}`, 120), [], [], {
    subtitle: `${SIDE_LABELS[e.origin.side]} · ${CATALOG_LABELS[e.catalog]}`,
  });
}

export function searchResult(entries: KbEntry[], kb: Kb): MessagingExtensionResult {
  return {
    type: 'result',
    attachmentLayout: 'list',
    attachments: entries.map(
      (e): MessagingExtensionAttachment => ({ ...CardFactory.adaptiveCard(entryCard(e, kb)), preview: entryPreview(e) }),
    ),
  };
}

export function createApp(adapter: TeamsAdapter, { kb, log }: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    // Mentions are removed in messageText(): only the bot's own, also from the HTML copy.
    removeRecipientMention: false,
    // Answers are instant; the shared typing timer is a known source of bugs.
    startTypingTimer: false,
    longRunningMessages: false,
  });
  // teams-ai's run() starts that timer whatever the option says; a long paste, read off the event
  // loop, can take more than its first second: keep the option's word.
  app.startTypingTimer = () => undefined;

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (botAdded) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard())));
  });

  app.adaptiveCards.actionSubmit([...CARD_VERBS], async (context, _state, data) => {
    const action = parseCardAction(data);
    if (!action) {
      await context.sendActivity('That button sent something SIP Doc does not understand. Paste the codes instead.');
      return;
    }
    await answerAction(context, action, kb);
  });

  app.activity(ActivityTypes.Message, async (context) => {
    // A long paste is read off the event loop (off-thread.ts).
    const { text, cut, source, diagnosis } = await readMessage(context.activity, kb);
    log.debug({ activityId: context.activity.id, conversationId: context.activity.conversation?.id, chars: text.length, source }, 'message');
    if (!text) {
      await context.sendActivity(
        context.activity.attachments?.length
          ? 'SIP Doc reads text: paste the codes, the log lines or the report rows into the message (files and images are not read).'
          : 'Paste a Microsoft and SIP code pair such as "510559 403", a 560xxx code, a log line, a JSON record, a report row or a SIP trace. Type "help" for more.',
      );
      return;
    }
    if (isHelp(text)) {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard())));
      return;
    }
    const note = cut ? `Only the first ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters of your message were read.` : undefined;
    await answerDiagnosis(context, diagnosis ?? diagnose(text, kb), kb, note);
  });

  app.messageExtensions.query(SEARCH_COMMAND_ID, async (_context, _state, query) => {
    const text = typeof query.parameters?.query === 'string' ? query.parameters.query : '';
    const count = Math.min(Math.max(Number(query.count) || 25, 1), 25);
    return searchResult(lookupEntries(text, kb, count), kb);
  });

  // Teams sends selectItem for a result whose preview has a tap with `{ id }`: SIP Doc's own
  // previews have none, but a result list from another client (or an older one) may.
  app.messageExtensions.selectItem(async (_context, _state, item: { id?: unknown }) => {
    const entry = typeof item?.id === 'string' ? kb.byEntryId(item.id) : undefined;
    return searchResult(entry ? [entry] : [], kb);
  });

  // Any other invoke (an unknown command, a feature the app does not declare) gets a clear 400
  // instead of the framework's 501.
  app.activity(ActivityTypes.Invoke, async (context) => {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 400, body: { error: `SIP Doc does not handle the invoke "${String(context.activity.name ?? '')}".` } },
    });
  });

  return app;
}

async function answerAction(context: TurnContext, action: CardAction, kb: Kb): Promise<void> {
  switch (action.verb) {
    case 'ask':
      return answerDiagnosis(context, diagnose(action.text, kb), kb);
    case 'explain':
      return answerDiagnosis(context, explainCodes(action.ms, action.sip, kb), kb);
    case 'sip-codes':
      return answerDiagnosis(context, explainCodes(null, action.sip, kb), kb);
    case 'entry': {
      const entry = kb.byEntryId(action.id);
      if (!entry) {
        await context.sendActivity('That entry is no longer in the knowledge base. Paste the codes again.');
        return;
      }
      await sendCards(context, [entryCard(entry, kb)], `SIP Doc: ${entry.phrase}`);
      return;
    }
    case 'variants': {
      const entries = kb.withPair(action.ms, action.sip);
      if (!entries.length) return answerDiagnosis(context, explainCodes(action.ms, action.sip, kb), kb);
      const shown = entries.slice(0, 10);
      const note = entries.length > shown.length ? `The first ${shown.length} of ${entries.length} documented variants.` : undefined;
      await sendCards(context, shown.map((e) => entryCard(e, kb)), `SIP Doc: ${entries.length} variants of ${action.ms}/${action.sip}`, note);
      return;
    }
  }
}
