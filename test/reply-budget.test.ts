// Replies within Teams' message size, counted as Teams counts it (UTF-16: two bytes per code unit).
// The reproduction: a pasted log of the knowledge base's largest entries, each line with a SIP
// code the entry does not list (a note on every card) and emoji in the excerpt. Before the budget
// its reply was over 100 KB to Teams, which answers 413. (Pasted as NDJSON records the same lines
// are a report: its answer keeps what fits without a note, since its summary reaches every code.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardsForDiagnosis, entryCard, type AdaptiveCard } from '../src/cards';
import { fitReply, fitResults, MAX_REPLY_BYTES, utf16Bytes } from '../src/cards/budget';
import { diagnose } from '../src/diagnose';
import { defaultKb } from '../src/kb/load';
import { cardText, expectingReplies, fixture, repliedCards, startTestServer, type TestServer } from './helpers/server';

const kb = defaultKb();

/** The largest entry card of each Microsoft code, largest first. */
function largestEntries(n: number) {
  const best = new Map<number, { size: number; entry: (typeof kb.entries)[number] }>();
  for (const entry of kb.entries) {
    if (entry.msCode === null || entry.sipCode === null) continue;
    const size = JSON.stringify(entryCard(entry, kb)).length;
    if ((best.get(entry.msCode)?.size ?? 0) < size) best.set(entry.msCode, { size, entry });
  }
  return [...best.values()].sort((a, b) => b.size - a.size).slice(0, n).map((b) => b.entry);
}

const EMOJI = '🔥📞☎️🚫'.repeat(40);
/** Log lines: SIP 499 with each code (a note on every card), emoji in the phrase. */
const LOG = largestEntries(12)
  .map((e) => `CallEndReason: 499, CallEndSubReason: ${e.msCode}, phrase: "${EMOJI} ${e.phrase}"`)
  .join('\n');
const NDJSON = largestEntries(12)
  .map((e) => JSON.stringify({ finalSipCode: 499, callEndSubReason: e.msCode, finalSipCodePhrase: `${EMOJI} ${e.phrase}` }))
  .join('\n');

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('the reply to the largest entries with notes and emoji excerpts', () => {
  it('reproduction: without a budget its ten cards are about 100 KB as Teams counts, over the 80 KB budget', () => {
    const d = diagnose(LOG, kb);
    expect(d.findings.length).toBeGreaterThanOrEqual(9);
    expect(d.findings.every((f) => f.notes.length > 0)).toBe(true);
    const cards = cardsForDiagnosis(d, kb);
    const bytes = utf16Bytes({ attachments: cards.map((content) => ({ contentType: 'application/vnd.microsoft.card.adaptive', content })) });
    console.info(`the same reply without the budget: ${(bytes / 1024).toFixed(1)} KB as Teams counts, ${cards.length} cards`);
    expect(bytes).toBeGreaterThan(MAX_REPLY_BYTES);
  });

  it('over HTTP: one reply under 80 KB (UTF-16), the summary card kept, the text naming the cards left out', async () => {
    const res = await srv.post(expectingReplies({ ...fixture('personal-message'), text: LOG }));
    expect(res.status).toBe(200);
    expect(res.body.activities).toHaveLength(1);
    const reply = res.body.activities[0];
    const bytes = utf16Bytes(reply);
    console.info(`reply to the pasted log: ${(bytes / 1024).toFixed(1)} KB as Teams counts, ${reply.attachments.length} cards`);
    expect(bytes).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    const cards = repliedCards(res.body);
    // The summary leads the answer and is kept.
    expect(cardText(cards[0])).toMatch(/code mentions?, \d+ distinct|distinct failures?/);
    expect(cards.length).toBeLessThan(10);
    expect(reply.text).toMatch(/Teams limits the size of a message, so the cards for .+ are not shown/);
    // The first finding's card is still there, whole.
    expect(cardText(cards[1])).toContain(`${largestEntries(1)[0]!.msCode}`);
  });

  it('over HTTP, the same codes as NDJSON records (a report): under 80 KB, the summary first', async () => {
    const res = await srv.post(expectingReplies({ ...fixture('personal-message'), text: NDJSON }));
    expect(res.status).toBe(200);
    expect(utf16Bytes(res.body.activities[0])).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    const cards = repliedCards(res.body);
    expect(cardText(cards[0])).toMatch(/calls? failed/);
    expect(cards.length).toBeGreaterThan(1);
  });

  it('message-extension results: a search with 25 hits answers under 80 KB with the first ones', async () => {
    const q = fixture('me-query');
    q.value.parameters = [{ name: 'query', value: '403' }];
    const res = await srv.post(q);
    expect(res.status).toBe(200);
    const bytes = utf16Bytes(res.body);
    const n = res.body.composeExtension.attachments.length;
    console.info(`message-extension "403": ${n} results, ${(bytes / 1024).toFixed(1)} KB as Teams counts`);
    expect(bytes).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    expect(n).toBeGreaterThan(5);
  });
});

describe('fitReply', () => {
  const card = (name: string, textChars: number): AdaptiveCard => ({ type: 'AdaptiveCard', speak: `${name}: a phrase`, body: [{ type: 'TextBlock', text: 'x'.repeat(textChars) }] });

  it('a reply that fits is returned as it is', () => {
    const cards = [card('1 / 1', 100), card('2 / 2', 100)];
    const fit = fitReply({ cards, text: 'note' });
    expect(fit).toMatchObject({ cards, text: 'note', dropped: 0, shortened: 0 });
  });

  it('drops cards from the end but keeps the summary, and says which were dropped', () => {
    const cards = [card('510559 / 403', 9_000), card('560403 / 403', 9_000), card('569008 / 504', 9_000), card('summary', 500)];
    const fit = fitReply({ cards, keep: 3 }, { maxBytes: 30 * 1024 });
    expect(fit.cards.map((c) => c.speak)).toEqual(['510559 / 403: a phrase', 'summary: a phrase']);
    expect(fit.dropped).toBe(2);
    expect(fit.text).toBe("Teams limits the size of a message, so the cards for 560403 / 403, 569008 / 504 are not shown: use the summary's buttons, or paste those codes on their own.");
    expect(fit.bytes).toBeLessThanOrEqual(30 * 1024);
    expect(cards).toHaveLength(4); // the draft is not changed
  });

  it('a card that alone is too large has its long texts cut, never inside a surrogate pair', () => {
    const big: AdaptiveCard = { type: 'AdaptiveCard', speak: 'x', body: [{ type: 'TextBlock', text: `${'a'.repeat(399)}${'😀'.repeat(30_000)}` }] };
    const fit = fitReply({ cards: [big] });
    expect(fit.shortened).toBe(1);
    const text = (fit.cards[0]!.body[0] as { text: string }).text;
    expect(text).toBe(`${'a'.repeat(399)}…`);
    expect(fit.bytes).toBeLessThanOrEqual(MAX_REPLY_BYTES);
  });

  it('when nothing fits, the text alone says so', () => {
    const many: AdaptiveCard = { type: 'AdaptiveCard', speak: 'huge', body: Array.from({ length: 500 }, () => ({ type: 'TextBlock', text: 'y'.repeat(300) })) };
    const fit = fitReply({ cards: [many], text: 'Only the first 1,000,000 characters of your message were read.' });
    expect(fit.cards).toEqual([]);
    expect(fit.text).toMatch(/^Only the first .+\n\nThis answer is too large for one Teams message/);
  });

  it('fitResults keeps the longest prefix under the budget, at least one', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ i, pad: 'z'.repeat(5_000) }));
    const wrap = (attachments: unknown[]) => ({ composeExtension: { attachments } });
    const kept = fitResults(items, wrap, 40 * 1024);
    expect(kept.map((k) => k.i)).toEqual([0, 1, 2]);
    expect(utf16Bytes(wrap(kept))).toBeLessThanOrEqual(40 * 1024);
    expect(fitResults(items, wrap, 10)).toHaveLength(1);
  });
});
