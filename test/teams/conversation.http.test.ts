// The conversation's rough edges, over real HTTP with recorded activities: SIP Doc's own card
// shared back into the chat, images and files next to a few words, words that name an error or
// none. Fixture sources are in the sibling .source.md files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_READ, SIPDOC_CARD_ID } from '../../src/teams/attachments';
import { cardText, expectingReplies, fixture, repliedCards, startTestServer, type TestServer } from '../helpers/server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const send = async (activity: any) => {
  const res = await srv.post(expectingReplies(activity));
  expect(res.status).toBe(200);
  return res.body;
};
const onlyText = (body: any): string => {
  expect(body.activities).toHaveLength(1);
  expect(repliedCards(body)).toEqual([]);
  return body.activities[0].text;
};

describe("SIP Doc's own card shared into the chat", () => {
  it('as its JSON (the Agents Playground): a brief reply naming the card, not an answer to its text', async () => {
    const text = onlyText(await send(fixture('shared-card-playground')));
    expect(text).toContain("That is SIP Doc's own card for 569008 / 504");
    expect(text).toContain('Remote certificate expired');
    expect(text).toContain('it is already the answer');
  });

  it("as Teams' HTML rendering only (no card JSON): recognised by its text, the same brief reply", async () => {
    const activity = fixture('shared-card-teams');
    expect(activity.attachments.map((a: any) => a.contentType)).toEqual(['text/html']);
    const text = onlyText(await send(activity));
    expect(text).toContain("That is SIP Doc's own card for 569008 / 504");
  });

  it('the same card text without its source line is read as a paste, as before', async () => {
    const activity = fixture('shared-card-teams');
    activity.attachments[0].content = activity.attachments[0].content.replace(/Source: Microsoft Learn[^<]*/, '');
    activity.text = '';
    const body = await send(activity);
    expect(repliedCards(body).length).toBeGreaterThan(0);
  });

  it('words typed beside the card that name a code are answered', async () => {
    const body = await send({ ...fixture('shared-card-playground'), text: 'and 560403?' });
    expect(cardText(repliedCards(body)[0])).toContain('560403 / 403');
  });

  it('words typed beside the card that name nothing get the brief reply', async () => {
    const text = onlyText(await send({ ...fixture('shared-card-playground'), text: 'what does this mean?' }));
    expect(text).toContain("That is SIP Doc's own card for 569008 / 504");
  });

  it('a card with the marker but no codes SIP Doc knows gets the reply without naming an entry', async () => {
    const activity = fixture('shared-card-playground');
    activity.attachments[0].content = { type: 'AdaptiveCard', version: '1.5', id: SIPDOC_CARD_ID, body: [{ type: 'TextBlock', text: '**${x}** 999999 / 999' }] };
    expect(onlyText(await send(activity))).toBe("That is SIP Doc's own card: it is already the answer. To look up something else, paste the codes, a log line or a question.");
  });

  it('every card SIP Doc sends carries the marker: answers, welcome, message-extension results', async () => {
    const answer = repliedCards(await send(fixture('personal-message')));
    const welcome = repliedCards(await send({ ...fixture('personal-message'), text: 'help' }));
    const carousel = repliedCards(await send(fixture('pasted-log-html')));
    const me = (await srv.post(fixture('me-query'))).body.composeExtension.attachments.map((a: any) => a.content);
    for (const card of [...answer, ...welcome, ...carousel, ...me]) expect(card.id).toBe(SIPDOC_CARD_ID);
  });
});

describe('attachments next to a few words', () => {
  it('"see screenshot" with a pasted image: says the image was not read and asks for the codes as text', async () => {
    const text = onlyText(await send(fixture('personal-image')));
    expect(text).toBe(`No code in the text of your message. ${NOT_READ.image}`);
  });

  it('codes typed beside an image are answered, with a note that the image was not read', async () => {
    const activity = fixture('personal-image');
    activity.text = '510559 403 see screenshot';
    activity.attachments[1].content = activity.attachments[1].content.replace('see screenshot', '510559 403 see screenshot');
    const body = await send(activity);
    expect(cardText(repliedCards(body)[0])).toContain('510559 / 403');
    expect(body.activities[0].text).toContain(NOT_READ.image);
  });

  it('an image alone: what was not read, nothing else', async () => {
    const activity = fixture('personal-image');
    activity.text = '';
    activity.attachments[1].content = activity.attachments[1].content.replace('see screenshot', '&nbsp;');
    expect(onlyText(await send(activity))).toBe(NOT_READ.image);
  });

  it('an attachment of a kind SIP Doc does not read, with a few words: says so', async () => {
    // A file shared for download is read (test/teams/files.http.test.ts); anything else is named as not read.
    const activity = {
      ...fixture('personal-file'),
      attachments: [{ contentType: 'application/octet-stream', name: 'capture.pcapng', contentUrl: 'https://contoso.example/capture.pcapng' }],
    };
    expect(onlyText(await send(activity))).toBe(`No code in the text of your message. ${NOT_READ.file}`);
  });

  it("another app's card: says it is not read", async () => {
    const activity = {
      ...fixture('personal-message'),
      text: '',
      attachments: [{ contentType: 'application/vnd.microsoft.card.thumbnail', content: { title: 'Ticket 4711', text: 'Phones down' } }],
    };
    expect(onlyText(await send(activity))).toBe(NOT_READ.otherCard);
  });
});

describe('words', () => {
  it('"trunk config not found" lists 510544 and 510546, as "no trunk config found" does', async () => {
    for (const words of ['trunk config not found', 'no trunk config found']) {
      const text = cardText(repliedCards(await send({ ...fixture('personal-message'), text: words }))[0]);
      expect(text).toContain('510544 / 500');
      expect(text).toContain('510546 / 403');
    }
  });

  it('a message that names no error says so, with no list of weak matches', async () => {
    const card = repliedCards(await send({ ...fixture('personal-message'), text: 'thanks, any update on this?' }))[0];
    const text = cardText(card);
    expect(text).toContain('No code found in your message, and no documented error matches its words.');
    expect(text).not.toContain('Closest documented entries');
  });
});
