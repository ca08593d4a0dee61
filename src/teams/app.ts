// The Teams bot: a thin adapter from Teams activities to diagnose() and back to cards.
//   messages (personal, group chat, channel @mention)  -> diagnose -> cards
//   "help", install                                     -> welcome card
//   card buttons (Action.Submit)                        -> explain / variants / SIP codes / ask
//   message extension "searchCodes" query / selectItem  -> entry cards
//   a file in a 1:1 chat (or a pasted report)           -> download, report -> summary + cards
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
import { envelopeBytes, fitReply, fitResults } from '../cards/budget';
import { CARD_VERBS, parseCardAction, type CardAction } from '../cards/actions';
import { diagnose, explainCodes } from '../diagnose';
import { lookupEntries } from '../diagnose/lookup';
import type { Diagnosis } from '../diagnose/types';
import type { Kb } from '../kb/load';
import { CATALOG_LABELS, SIDE_LABELS, type KbEntry } from '../kb/types';
import type { Logger } from '../log';
import { cardsForReport, pageCard } from '../cards/report';
import type { Report } from '../diagnose/report';
import type { FileConfig } from '../files/config';
import { answerFile, incomingFiles, IN_CHANNEL, type IncomingFile } from './files';
import { entryCodes, shorten } from '../report/labels';
import { notReadNote, ownCardReply, readExtras, SIPDOC_CARD_ID } from './attachments';
import { registerGraphAnswers, type GraphAnswers } from './graph-answers';
import { readMessage } from './off-thread';
import { MAX_TEXT_CHARS } from './text';

export const SEARCH_COMMAND_ID = 'searchCodes';

export interface BotDeps {
  kb: Kb;
  log: Logger;
  files: FileConfig;
  /** Answers from Graph call records and the daily digest (graph-answers.ts). */
  graph?: GraphAnswers;
}

/** Every card leaves as an attachment marked as SIP Doc's own (a shallow copy: cached cards stay frozen). */
const asAttachment = (card: AdaptiveCard): Attachment => CardFactory.adaptiveCard({ ...card, id: SIPDOC_CARD_ID });
const asAttachments = (cards: AdaptiveCard[]): Attachment[] => cards.map(asAttachment);

/**
 * One reply activity per answer: several cards go as a carousel, not as a burst of messages.
 * Within Teams' size limit (cards/budget.ts): `keep` is the card that stays if some must go.
 */
async function sendCards(context: TurnContext, cards: AdaptiveCard[], summary: string, note?: string, keep?: number): Promise<void> {
  const fit = fitReply({ cards, text: note, summary, keep }, { envelopeBytes: envelopeBytes(context.activity) });
  const attachments = asAttachments(fit.cards);
  const activity =
    attachments.length > 1 ? MessageFactory.carousel(attachments, fit.text) : attachments.length ? MessageFactory.attachment(attachments[0]!, fit.text) : MessageFactory.text(fit.text ?? summary);
  activity.summary = summary;
  await context.sendActivity(activity);
}

async function answerDiagnosis(context: TurnContext, d: Diagnosis, kb: Kb, note?: string) {
  const cards = cardsForDiagnosis(d, kb);
  // The summary leads a long paste's answer and stays if the reply must lose cards.
  await sendCards(context, cards, summaryText(d), note, d.summary && d.findings.length ? 0 : undefined);
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
    // Within Teams' size limit: the first results that fit (cards/budget.ts).
    attachments: fitResults(
      entries.map((e): MessagingExtensionAttachment => ({ ...asAttachment(entryCard(e, kb)), preview: entryPreview(e) })),
      (attachments) => ({ composeExtension: { type: 'result', attachmentLayout: 'list', attachments } }),
    ),
  };
}

/** A sentence sent as plain text: it may hold a file name, which must not render as markdown. */
const plain = (text: string) => Object.assign(MessageFactory.text(text), { textFormat: 'plain' });

async function answerReport(context: TurnContext, report: Report, kb: Kb, note?: string) {
  const what = report.source.format === 'log' ? `${report.failures} failures` : `${report.failures} of ${report.calls} calls failed`;
  // The summary lists every failure and pages through them, so the code cards after it are a
  // shortcut: as many as fit Teams' size limit go, with no note about the others.
  const fit = fitReply({ cards: cardsForReport(report, kb), text: note, keep: 0 }, { envelopeBytes: envelopeBytes(context.activity) });
  await sendCards(context, fit.cards, `SIP Doc: ${what}`, note, 0);
}

async function answerFiles(context: TurnContext, files: IncomingFile[], { kb, log, files: config }: BotDeps) {
  if (context.activity.conversation?.conversationType && context.activity.conversation.conversationType !== 'personal') {
    await context.sendActivity(plain(IN_CHANNEL));
    return;
  }
  const started = Date.now();
  const answer = await answerFile(files, { kb, files: config });
  log.info({ activityId: context.activity.id, ok: answer.ok, ms: Date.now() - started, rows: answer.ok ? answer.report.source.rows : undefined }, 'file');
  if (!answer.ok) await context.sendActivity(plain(answer.text));
  else await answerReport(context, answer.report, kb, answer.note);
}

export function createApp(adapter: TeamsAdapter, deps: BotDeps): Application<TurnState> {
  const { kb, log } = deps;
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
    if (botAdded) await context.sendActivity(MessageFactory.attachment(asAttachment(welcomeCard())));
  });

  app.adaptiveCards.actionSubmit([...CARD_VERBS], async (context, _state, data) => {
    const action = parseCardAction(data);
    if (!action) {
      await context.sendActivity('That button sent something SIP Doc does not understand. Paste the codes instead.');
      return;
    }
    await answerAction(context, action, kb);
  });

  registerGraphAnswers(app, deps);

  app.activity(ActivityTypes.Message, async (context) => {
    const files = incomingFiles(context.activity);
    if (files.length) return answerFiles(context, files, deps);
    // A long paste is read off the event loop (off-thread.ts): its text, diagnosis and report.
    const read = await readMessage(context.activity, kb);
    const { text, cut, source } = read;
    const extras = readExtras(context.activity, text, kb);
    log.debug({ activityId: context.activity.id, conversationId: context.activity.conversation?.id, chars: text.length, source }, 'message');
    if (isHelp(text)) {
      await context.sendActivity(MessageFactory.attachment(asAttachment(welcomeCard())));
      return;
    }
    // SIP Doc's own card sent back into the chat: its text is not a question. Words typed beside
    // its JSON are still read when they name a code or an error.
    const typed = extras.ownCard?.via === 'text' ? '' : text;
    const d = typed ? read.diagnosis : undefined;
    const answered = d && (d.findings.length > 0 || d.search.length > 0);
    if (extras.ownCard && !answered) {
      await context.sendActivity(ownCardReply(extras.ownCard.entry));
      return;
    }
    const notRead = notReadNote(extras);
    if (!d || (!answered && notRead)) {
      // Nothing to answer in the text: say what was and was not read.
      const personal = (context.activity.conversation?.conversationType ?? 'personal') === 'personal';
      await context.sendActivity(
        notRead
          ? `${text ? 'No code in the text of your message. ' : ''}${notRead}`
          : personal
            ? 'Paste a Microsoft and SIP code pair such as "510559 403", a 560xxx code, a log line, a JSON record, a report row or a SIP trace, or send a usage report or log as a file. Type "help" for more.'
            : `Paste a Microsoft and SIP code pair such as "510559 403", a log line or a report row after the mention. ${IN_CHANNEL}`,
      );
      return;
    }
    const cutNote = cut ? `Only the first ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters of your message were read.` : '';
    const note = [cutNote, notRead && `Read from the text of your message. ${notRead}`].filter(Boolean).join(' ') || undefined;
    // A pasted usage report (or Graph / ACS records) gets the same analysis as the file would.
    const report = read.report;
    if (report && report.calls >= 2) return answerReport(context, report, kb, note);
    await answerDiagnosis(context, d, kb, note);
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
      value: { status: 400, body: { error: `SIP Doc does not handle the invoke "${shorten(String(context.activity.name ?? ''), 100)}".` } },
    });
  });

  return app;
}

async function answerAction(context: TurnContext, action: CardAction, kb: Kb): Promise<void> {
  switch (action.verb) {
    case 'page':
      return sendCards(context, [pageCard(action, kb)], `SIP Doc: distinct failures from ${action.at + 1}`);
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
