// The shape of the knowledge base. Everything here is plain data: the KB is built from
// Microsoft's markdown at build time (scripts/build-kb.ts) and loaded as JSON at run time.

/** Which Microsoft page (or table) an entry comes from. */
export type Catalog =
  | 'teams-direct-routing'
  | 'acs-pstn'
  | 'acs-call-end'
  | 'acs-calling-sdk'
  | 'acs-call-automation'
  | 'acs-chat'
  | 'acs-sms'
  | 'graph-call-end';

export const CATALOG_LABELS: Record<Catalog, string> = {
  'teams-direct-routing': 'Teams Direct Routing',
  'acs-pstn': 'ACS PSTN',
  'acs-call-end': 'ACS call end',
  'acs-calling-sdk': 'ACS Calling SDK',
  'acs-call-automation': 'ACS Call Automation',
  'acs-chat': 'ACS Chat SDK',
  'acs-sms': 'ACS SMS',
  'graph-call-end': 'Microsoft Graph call end',
};

/**
 * Who generated the final response.
 * - `sbc`: the customer's (or operator's) Session Border Controller
 * - `microsoft`: a Microsoft service (Teams / Azure Communication Services)
 * - `client`: the calling app or device (ACS SDK client side)
 * - `none`: not a failure (normal call clearing, success)
 * - `unknown`: nothing we know says who
 */
export type Side = 'sbc' | 'microsoft' | 'client' | 'none' | 'unknown';

export const SIDE_LABELS: Record<Side, string> = {
  sbc: 'Customer SBC',
  microsoft: 'Microsoft',
  client: 'Client app or device',
  none: 'Not a failure',
  unknown: 'Unknown',
};

/**
 * How sure we are about the origin.
 * - `documented`: a rule published in Microsoft's docs applies (560 = SBC, 540/560 = SBC for ACS, ...)
 * - `entry`: the documented entry itself says so (its result category, or its text)
 * - `inferred`: our own reasoning from the code's shape; no Microsoft table backs it
 * - `trace`: a SIP trace or SBC log shows who sent the response (its headers, addresses, direction)
 * - `prose`: the pasted words say who answered ("the SBC returns 504"); weaker than a trace
 */
export type OriginBasis = 'documented' | 'entry' | 'inferred' | 'trace' | 'prose';

export interface Origin {
  side: Side;
  /** Whose side the fix is most likely on, when it differs from who generated the response. */
  fixOn?: Side;
  basis: OriginBasis;
  /** One or two sentences: which rule was applied and why. */
  reason: string;
  /** The published page that states the rule, when one does. */
  ruleUrl?: string;
}

/**
 * Who must act to fix it: a different question from who generated the response (`Origin`).
 * - `sbc`: the customer's SBC (or its vendor): configuration, certificate, routing, capacity
 * - `tenant`: the tenant's Teams configuration (voice routing, calling policy, licence, number assignment)
 * - `carrier`: the PSTN carrier or whatever is beyond the SBC
 * - `client`: the calling app, device or its network (ACS SDK apps, Teams clients)
 * - `microsoft`: Microsoft (open a support case)
 * - `none`: nothing to fix (a normal clearing, a success, an expected outcome such as busy)
 * - `unknown`: nothing we know says who
 */
export type Party = 'sbc' | 'tenant' | 'carrier' | 'client' | 'microsoft' | 'none' | 'unknown';

export const PARTY_LABELS: Record<Party, string> = {
  sbc: 'Your SBC',
  tenant: 'Your Teams configuration',
  carrier: 'The carrier',
  client: 'The client app or device',
  microsoft: 'Microsoft support',
  none: 'Nothing to fix',
  unknown: 'Unknown',
};

/** Who must act, with the rule that says so. */
export interface FixOn {
  party: Party;
  /**
   * - `rule`: one of the reviewed rules over the entry's documented actions or code shape
   * - `exception`: the reviewed table of entries the rules do not fit
   * - `inferred`: a code no entry backs; SIP Doc's own reasoning
   * - `trace`: read from a SIP trace or SBC log
   */
  basis: 'rule' | 'exception' | 'inferred' | 'trace';
  /** Id of the rule or exception that decided it, for review and tests. */
  rule: string;
  /** One sentence a support engineer can act on. */
  reason: string;
  /** Where the setting lives, when the fix is a configuration ("Teams admin center > Voice > Voice routing policies"). */
  where?: string;
}

export interface DocLink {
  title: string;
  url: string;
}

/** A place where Microsoft's source contradicts itself, ingested as-is and flagged. */
export interface SourceSlip {
  field: 'msCode' | 'sipCode';
  /** The conflicting value the source states. */
  stated: number;
  /** The value the entry carries: what the rest of the source implies. The entry is matched under both. */
  used: number;
  note: string;
}

export interface KbEntry {
  /** Stable, readable id: catalog prefix + codes + phrase slug. */
  id: string;
  catalog: Catalog;
  /** Microsoft response code / subcode. `0` is a real value; `null` means the row has none. */
  msCode: number | null;
  /** SIP response code (CallEndReason, ParticipantEndReason, `code`). `null` when the row has none. */
  sipCode: number | null;
  /** HTTP status of a Chat SDK error (not a SIP code). */
  httpStatus?: number;
  /** The error message / reason phrase as Microsoft documents it. */
  phrase: string;
  /** What the code means (markdown); may be empty when the source only gives actions. */
  description: string;
  /** Suggested actions (markdown, links already absolute). */
  actions: string;
  /** Every link in the entry, absolute https URLs. */
  links: DocLink[];
  /** Deep link to where the entry is documented: page + anchor. */
  docUrl: string;
  docTitle: string;
  /** The page's ms.date, ISO yyyy-mm-dd. */
  docDate: string;
  /** ACS result category (Success, ExpectedError, UnexpectedClientError, UnexpectedServerError). */
  resultCategory: string | null;
  /** Call Automation callback event(s) the row applies to. */
  callbackEvent?: string;
  origin: Origin;
  /** Who must act on this entry. */
  fixOn: FixOn;
  slip?: SourceSlip;
  /** What SIP Doc adds to the entry, e.g. where two Microsoft pages document the code differently. */
  notes?: string[];
  /** Where in kb/sources the entry was read from (file relative to kb/sources, 1-based line). */
  source: { file: string; line: number };
}

export interface KnowledgeBase {
  /** Bumped when the entry shape changes. */
  schemaVersion: number;
  entries: KbEntry[];
}
