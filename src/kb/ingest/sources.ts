// The Microsoft pages the knowledge base is built from: where each file in kb/sources came from,
// where it is published, and how to read it. kb/sources/SOURCES.md is generated from this list.
import type { Catalog } from '../types';

export type SourceKind =
  /** A Teams Direct Routing page: one `## <msCode> <sipCode> <phrase>` heading per entry. */
  | 'headings'
  /** An ACS include: markdown tables, one row per entry. */
  | 'tables'
  /** Read for context (origin rules, includes); yields no entries. */
  | 'context';

export interface SourceFile {
  /** Path under kb/sources. */
  file: string;
  kind: SourceKind;
  catalog?: Catalog;
  repo: 'MicrosoftDocs/SupportArticles-docs' | 'MicrosoftDocs/azure-docs';
  /** Path of the file in its repository; relative links in the file resolve against it. */
  repoPath: string;
  /** Commit the text was taken from, when known. */
  commit?: string;
  /** Where the page is published; table rows link here plus the table's section anchor. */
  publicUrl?: string;
}

const DR_REPO_DIR = 'Teams/phone-system/direct-routing';
const DR_URL = 'https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing';
const ACS_CODES_DIR = 'articles/communication-services/resources/troubleshooting/voice-video-calling';
const ACS_CODES_URL =
  'https://learn.microsoft.com/en-us/azure/communication-services/resources/troubleshooting/voice-video-calling/troubleshooting-codes';

const DR_PAGES: Array<[sip: string, commit: string | undefined]> = [
  ['400', '852f2704ab8767dd4b070921a457c9e89266cf16'],
  ['402', '6177662ac63847ee18b0d99c9e95e191c7200aab'],
  ['403', '9d4596663d51e9edbea697a68d39b1cad7af67ad'],
  ['404', '5c82cbd123be6e1694bc29232d6d831dac802c45'],
  ['408', 'd7553f22757308e9f7baa6e2512c357b730026e6'],
  ['410', '107d422b4a809dc0d228e745c5090905cf91bd87'],
  ['412', '1d801e661efc39a4ad913992b56477f5e7a34e13'],
  ['415', '0d228f8a70293368a2eb0bc1addfeff7406bdd88'],
  ['420', undefined],
  ['422', '52642ca14b5d36b1b57e86c25dd158fb9d2ceb52'],
  ['480', undefined],
  ['484', '8067fe0dd7335a23c6cb6ae66fe3e1a8087e3c27'],
  ['486', '0fccb5123f957d26243785d3c7ec6233d64c80d4'],
  ['488', undefined],
  ['500', undefined],
  ['503', '3cd76c2a79bb8faa650384e0b77f164d6daa019e'],
  ['504', undefined],
];

const ACS_TABLES: Array<[name: string, catalog: Catalog, pivot: string, commit: string | undefined]> = [
  ['calling-sdk', 'acs-calling-sdk', 'calling', '1030c83953d23fec0cfcee1c846e1a6b5f43200a'],
  ['call-end', 'acs-call-end', 'callend', '03beba906a6cc346afd57a39b942fbacbe6b2775'],
  ['call-automation-sdk', 'acs-call-automation', 'automation', undefined],
  ['pstn', 'acs-pstn', 'pstn', '0c175fb6c81679037c215855953465f7aa53c34b'],
  ['chat-sdk', 'acs-chat', 'chat', 'c4427ca540460fbe409683e441a60226f072a65b'],
  ['sms-sdk', 'acs-sms', 'sms', 'a8a7aa946dee4aa808502c064e3e8e949eac93b4'],
];

export const SOURCES: readonly SourceFile[] = [
  {
    file: 'teams-direct-routing/microsoft-sip-response-codes.md',
    kind: 'context',
    repo: 'MicrosoftDocs/SupportArticles-docs',
    repoPath: `${DR_REPO_DIR}/microsoft-sip-response-codes.md`,
    commit: '1d3864a19c8ea7637f3dd5df529867c0760dff3e',
    publicUrl: `${DR_URL}/microsoft-sip-response-codes`,
  },
  ...DR_PAGES.map(
    ([sip, commit]): SourceFile => ({
      file: `teams-direct-routing/microsoft-sip-response-codes-${sip}.md`,
      kind: 'headings',
      catalog: 'teams-direct-routing',
      repo: 'MicrosoftDocs/SupportArticles-docs',
      repoPath: `${DR_REPO_DIR}/microsoft-sip-response-codes-${sip}.md`,
      commit,
      publicUrl: `${DR_URL}/microsoft-sip-response-codes-${sip}`,
    }),
  ),
  {
    file: 'teams-direct-routing/includes/teams-direct-routing-note.md',
    kind: 'context',
    repo: 'MicrosoftDocs/SupportArticles-docs',
    repoPath: 'includes/teams-direct-routing-note.md',
    commit: '84e7cec190608cf0150b9cfd5b4dc0d6784337ca',
  },
  {
    file: 'acs/troubleshooting-codes.md',
    kind: 'context',
    repo: 'MicrosoftDocs/azure-docs',
    repoPath: `${ACS_CODES_DIR}/troubleshooting-codes.md`,
    commit: '2238476f4cb17931df819f6d3caf6012ed394af1',
    publicUrl: ACS_CODES_URL,
  },
  ...ACS_TABLES.map(
    ([name, catalog, pivot, commit]): SourceFile => ({
      file: `acs/includes/codes/${name}.md`,
      kind: 'tables',
      catalog,
      repo: 'MicrosoftDocs/azure-docs',
      repoPath: `${ACS_CODES_DIR}/includes/codes/${name}.md`,
      commit,
      publicUrl: `${ACS_CODES_URL}?pivots=${pivot}`,
    }),
  ),
  {
    file: 'acs/includes/acs-retirement-breakingchange-callout.md',
    kind: 'context',
    repo: 'MicrosoftDocs/azure-docs',
    repoPath: 'articles/communication-services/includes/acs-retirement-breakingchange-callout.md',
    commit: '19d2e8386352db6fbe6a15be9e19c54571178dc1',
  },
  {
    file: 'acs/troubleshooting-pstn-call-failures.md',
    kind: 'context',
    repo: 'MicrosoftDocs/azure-docs',
    repoPath: 'articles/communication-services/concepts/telephony/troubleshooting-pstn-call-failures.md',
    commit: '1cbaa701fade96e9c4cd0d3dabf3a995c259473d',
    publicUrl:
      'https://learn.microsoft.com/en-us/azure/communication-services/concepts/telephony/troubleshooting-pstn-call-failures',
  },
];

/** The published pages that state the origin rules the KB applies (cited in origin reasons). */
export const ORIGIN_RULE_URLS = {
  teams: `${DR_URL}/microsoft-sip-response-codes#direct-routing-error-codes`,
  acs: 'https://learn.microsoft.com/en-us/azure/communication-services/concepts/telephony/troubleshooting-pstn-call-failures#participantendsubcode',
} as const;
