import { describe, expect, it } from 'vitest';
import { htmlToText, MAX_TEXT_CHARS, messageText } from '../../src/teams/text';
import { fixture } from '../helpers/server';

describe('messageText', () => {
  it('removes only the bot mention and keeps the other person by name (HTML copy)', () => {
    const r = messageText(fixture('channel-mention'));
    expect(r.source).toBe('html');
    expect(r.text).toBe('calls from Megan Bowen fail with 560403');
  });

  it('removes only the bot mention from activity.text when there is no HTML copy', () => {
    const a = fixture('channel-mention');
    delete a.attachments;
    expect(messageText(a)).toEqual({ text: 'calls from Megan Bowen fail with 560403', cut: false, source: 'text' });
  });

  it('keeps a mention of somebody else that happens to share the bot name only once removed', () => {
    const a = fixture('channel-mention');
    delete a.attachments;
    a.text = '<at>SIP Doc</at> what does SIP Doc say about 403?';
    expect(messageText(a).text).toBe('what does SIP Doc say about 403?');
  });

  it('keeps the lines of a pasted log from the HTML copy (Teams collapses them in text)', () => {
    const r = messageText(fixture('pasted-log-html'));
    expect(r.text.split('\n')).toHaveLength(4);
    expect(r.text.split('\n')[3]).toBe('2026-11-20 08:05:02 callId=0a3b6c4d final 560403');
  });

  it('decodes entities and turns block ends, <br> and table cells into whitespace', () => {
    expect(htmlToText('<div>a &amp; b&nbsp;&lt;c&gt;</div><div>x<br/>y</div><table><tr><td>403</td><td>510559</td></tr></table>')).toBe('a & b <c>\nx\ny\n403\t510559');
  });

  it('stays linear on hostile HTML (a megabyte of "<" or unclosed tags)', () => {
    for (const html of ['<'.repeat(1_000_000), '<at '.repeat(250_000), '<span itemtype="http://schema.skype.com/Mention" '.repeat(20_000)]) {
      const t0 = performance.now();
      messageText({ text: 'x', attachments: [{ contentType: 'text/html', content: html }], recipient: { id: 'b', name: 'SIP Doc' }, entities: [{ type: 'mention', mentioned: { id: 'b', name: 'SIP Doc' }, text: '<at>SIP Doc</at>' }] } as any);
      // Backtracking on these took seconds to minutes; the ratio check is test/diagnose/linear.test.ts.
      expect(performance.now() - t0).toBeLessThan(10_000);
    }
  });

  it('cuts text over the limit and says so', () => {
    const r = messageText({ text: '4'.repeat(MAX_TEXT_CHARS + 10) } as any);
    expect(r.cut).toBe(true);
    expect(r.text).toHaveLength(MAX_TEXT_CHARS);
  });

  it('returns nothing for an activity without text', () => {
    expect(messageText({ type: 'message' } as any)).toEqual({ text: '', cut: false, source: 'none' });
  });
});
