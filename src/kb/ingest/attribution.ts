// kb/sources/SOURCES.md: what each source file is, where it is published, its date, and the licence.
// Generated from kb/sources/manifest.json and the files' front matter.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFrontMatter } from './markdown';
import { readManifest } from './sources';

const READ_AS_TEXT = {
  headings: 'one entry per code heading',
  tables: 'one entry per code row',
  pivots: 'one entry per code row, one catalog per zone pivot',
  prose: 'one entry per pair named in its text',
  context: 'context',
} as const;

export function sourcesMarkdown(sourcesDir: string): string {
  const rows = readManifest(sourcesDir).map((s) => {
    const fm = readFrontMatter(fs.readFileSync(path.join(sourcesDir, s.file), 'utf8'));
    const commit = s.commit ? `\`${s.commit.slice(0, 10)}\`` : 'not recorded';
    const url = s.learnUrl ? `<${s.learnUrl}>` : '(include, not published on its own)';
    const note = s.note ? ` ${s.note}` : '';
    return `| \`${s.file}\` | ${s.repository} (\`${s.branch}\`) | \`${s.path}\` | ${commit} | ${fm.msDate ?? 'none'} | ${url} | ${READ_AS_TEXT[s.read]}.${note} |`;
  });
  return `# Sources of the knowledge base

The files in this folder are copies of Microsoft documentation from the public repositories named
below. \`manifest.json\` lists them (repository, branch, path, commit, published URL, how each is
read); \`npm run kb:build\` reads them and writes \`kb/kb.json\` and this file, and
\`npm run kb:update\` fetches the newest text of each from
\`https://raw.githubusercontent.com/<repository>/<branch>/<path>\` and rebuilds both.

## Licence and attribution

Microsoft's documentation is licensed under the
[Creative Commons Attribution 4.0 International licence (CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/);
code samples in those repositories are under the MIT licence. © Microsoft Corporation.

- Teams Direct Routing pages: [MicrosoftDocs/SupportArticles-docs](https://github.com/MicrosoftDocs/SupportArticles-docs)
  and [MicrosoftDocs/OfficeDocs-Support](https://github.com/MicrosoftDocs/OfficeDocs-Support),
  published under <https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/>;
  the Teams admin page on call notifications: [MicrosoftDocs/OfficeDocs-SkypeForBusiness](https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness),
  published under <https://learn.microsoft.com/en-us/microsoftteams/>.
- Azure Communication Services pages: [MicrosoftDocs/azure-docs](https://github.com/MicrosoftDocs/azure-docs),
  published under <https://learn.microsoft.com/en-us/azure/communication-services/>.
- Microsoft Graph: [microsoftgraph/microsoft-graph-docs-contrib](https://github.com/microsoftgraph/microsoft-graph-docs-contrib),
  published under <https://learn.microsoft.com/en-us/graph/>.

What SIP Doc changes when it shows this material: relative links are made absolute (GitHub links
of the docs repositories become their Learn URLs), Learn-only markup (\`[!INCLUDE]\`, \`[!NOTE]\`)
is simplified, table cells are split into fields, and two places where a page contradicts itself
are flagged (see \`KNOWN_SLIPS\` in \`src/kb/ingest/build.ts\`). Where Microsoft Graph and a Teams page
document one code with different SIP codes, both entries are kept and each says so. Every answer
links back to the page and section it comes from.

The ACS troubleshooting codes page is kept as Learn renders it: the page with each zone pivot's
include (\`includes/codes/*.md\`) inlined under an \`**Applies to: <pivot>**\` line. kb:update composes
the same form from the raw page and its includes.

The SIP response code and Q.850 cause summaries in \`src/kb/knowledge/\` are SIP Doc's own words, not
Microsoft's.

## Files

| file | repository (branch) | path in repository | commit | ms.date | published at | read as |
|---|---|---|---|---|---|---|
${rows.join('\n')}

## Not ingested

- Older versions of these pages: each file above is the newest version that could be found.
- \`articles/communication-services/concepts/telephony/troubleshooting-pstn-call-failures/pstn-response-codes.md\`
  and \`.../monitoring-troubleshooting-telephony/sip-respose-codes.md\` in azure-docs: drafts that repeat
  the published PSTN table and the Teams 403 page, with no published URL of their own.
`;
}
