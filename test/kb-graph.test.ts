// What a user sees of the entries the Graph and call-notification pages added: the pair answered
// from its own catalog, the disagreement on 10199 on the card, in the CLI text and in the JSON.
import { describe, expect, it } from 'vitest';
import { cardsForDiagnosis, entryCard } from '../src/cards';
import { runCli } from '../src/cli';
import { diagnose } from '../src/diagnose';
import { defaultKb } from '../src/kb/load';

const kb = defaultKb();
const cardText = (card: unknown) => JSON.stringify(card);

async function cli(args: string[]) {
  let out = '';
  const code = await runCli(args, { stdout: (s) => (out += s), stderr: () => undefined, readStdin: async () => '', stdinIsTty: true });
  return { code, out };
}

describe('Microsoft Graph call end reasons', () => {
  it('a Graph resultInfo record is answered from the Graph table', () => {
    const d = diagnose('{"resultInfo": {"code": "200", "subcode": "7015", "message": "Call ended as the transfer completed successfully."}}', kb);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]!.entries[0]).toMatchObject({ id: 'graph-7015-200-call-ended-as-the', catalog: 'graph-call-end' });
    expect(d.findings[0]!.origin.side).toBe('none');
  });

  it('480 / 10199: the card of the Graph entry says that the Teams page lists 10199 with 403', () => {
    const [f] = diagnose('480 10199', kb).findings;
    expect(f!.match).toBe('pair');
    expect(f!.entries[0]!.id).toBe('graph-10199-480-call-rejected-as-private');
    const card = cardText(cardsForDiagnosis(diagnose('480 10199', kb), kb)[0]);
    expect(card).toContain('The Teams Direct Routing docs list 10199 with SIP 403');
  });

  it('403 / 10199: the Teams entry card says that Graph lists it with 480, once', () => {
    const e = kb.withPair(10199, 403)[0]!;
    const card = cardText(entryCard(e, kb));
    expect(card.split("Microsoft Graph's call end reason codes list 10199 with code 480").length - 1).toBe(1);
    const answer = cardText(cardsForDiagnosis(diagnose('10199 403', kb), kb)[0]);
    expect(answer.split("Microsoft Graph's call end reason codes list 10199 with code 480").length - 1).toBe(1);
  });

  it('the CLI prints the note, and --json carries it on the entry', async () => {
    const text = await cli(['480 10199']);
    expect(text.out).toMatch(/Note: The Teams Direct Routing docs list 10199 with SIP 403/);
    expect(text.out).toMatch(/Documented in: Delete call \(Microsoft Graph call end\)\n/);
    const json = JSON.parse((await cli(['--json', '480 10199'])).out);
    expect(json.findings[0].entries[0].notes).toEqual([expect.stringMatching(/10199 with SIP 403/)]);
    expect(JSON.parse((await cli(['--json', '510559 403'])).out).findings[0].entries[0].notes).toEqual([]);
  });

  it('sipdoc kb --json: every entry with the file and line it was read from', async () => {
    const { code, out } = await cli(['kb', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(out).entries as Array<{ id: string; source: { file: string; line: number }; docUrl: string }>;
    expect(list.length).toBeGreaterThanOrEqual(431);
    expect(list.filter((e) => !(e.source.file && e.source.line > 0 && e.docUrl.includes('#')))).toEqual([]);
    expect(list.find((e) => e.id === 'graph-560000-200-call-ended-by-the')?.source).toEqual({ file: 'graph/call-delete.md', line: 192 });
  });
});

describe('487 / 540200 "Call completed elsewhere"', () => {
  it('is not a failure, with the page\'s advice and a link to its sentence', () => {
    const d = diagnose('Final SIP code 487, Final Microsoft subcode 540200', kb);
    const f = d.findings.find((x) => x.msCode === 540200)!;
    expect(f.entries[0]!.id).toBe('dr-540200-487-call-completed-elsewhere');
    expect(f.origin.side).toBe('none');
    expect(f.fixOn.party).toBe('none');
    const card = cardText(entryCard(f.entries[0]!, kb));
    expect(card).toContain('Cancel on Fork 1');
    expect(card).toContain('https://learn.microsoft.com/en-us/microsoftteams/direct-routing-call-notifications#:~:text=540200');
  });
});
