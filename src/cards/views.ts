// View models: the data each card template in cards/ is expanded with. Pure functions of the
// knowledge base and the diagnosis; no user text passes through here (see paste.ts for that).
import { codesWithSipTitle, type CodeWithSip } from '../diagnose/sip-family';
import type { Finding, SearchHit } from '../diagnose/types';
import { CATALOG_LABELS, SIDE_LABELS, type Catalog, type FixOn, type KbEntry, type Origin, type Side } from '../kb/types';
import { BASIS_LABELS, PARTY_STYLES, codeLabel, entryCodes, fixOnBasisLabel, fixOnLabel, fixOnLead, headline, originLabel, shorten } from '../report/labels';
import type { CardAction } from './actions';
import { markdownToBlocks } from './markdown';

/** Buttons that open a link; Teams shows at most a handful of actions on a card. */
const MAX_LINK_BUTTONS = 2;
const MAX_VARIANTS_LISTED = 6;
const MAX_ROWS = 8;

const SIDE_STYLES: Record<Side, string> = {
  sbc: 'warning',
  microsoft: 'accent',
  client: 'emphasis',
  none: 'good',
  unknown: 'default',
};

export function originView(origin: Origin) {
  return {
    label: origin.side === 'unknown' ? 'Origin unknown' : SIDE_LABELS[origin.side],
    long: `${originLabel(origin)} (${BASIS_LABELS[origin.basis]})`,
    reason: origin.reason,
    style: SIDE_STYLES[origin.side],
  };
}

/** Who must act: the badge, the card's lead sentence, where to change it, and the rule that says so. */
export function fixOnView(fixOn: FixOn, origin: Origin, catalog?: Catalog) {
  const label = fixOnLabel(fixOn, catalog);
  return {
    label,
    lead: fixOnLead(fixOn, origin, catalog),
    where: fixOn.where ? `Where: ${fixOn.where}` : '',
    long: `${label} (${fixOnBasisLabel(fixOn)})`,
    style: PARTY_STYLES[fixOn.party],
  };
}

const button = (title: string, data: CardAction) => ({ title, data });

/** Button titles: a capital first letter, cut at a word boundary (Teams cuts long ones mid-word). */
const buttonTitle = (t: string) => shorten(t.charAt(0).toUpperCase() + t.slice(1), 48);

/** An entry's card; `fixOn` differs from the entry's own only when a finding's evidence says so. */
export function entryView(entry: KbEntry, siblings: readonly KbEntry[], fixOn: FixOn = entry.fixOn, origin: Origin = entry.origin) {
  const others = siblings.filter((s) => s.id !== entry.id);
  const followUps = [];
  if (others.length && entry.msCode !== null && entry.sipCode !== null) {
    followUps.push(button(`All ${others.length + 1} variants of ${entry.msCode}/${entry.sipCode}`, { verb: 'variants', ms: entry.msCode, sip: entry.sipCode }));
  }
  if (entry.sipCode !== null) followUps.push(button(`Other codes with SIP ${entry.sipCode}`, { verb: 'sip-codes', sip: entry.sipCode }));
  return {
    codes: entryCodes(entry),
    phrase: entry.phrase,
    fixOn: fixOnView(fixOn, origin, entry.catalog),
    origin: originView(origin),
    catalogLabel: `${CATALOG_LABELS[entry.catalog]}: ${entry.docTitle}`,
    resultCategory: entry.resultCategory ?? '',
    callbackEvent: entry.callbackEvent ?? '',
    notes: [...(entry.slip ? [entry.slip.note] : []), ...(entry.notes ?? [])],
    description: markdownToBlocks(entry.description),
    actions: markdownToBlocks(entry.actions),
    variantsTitle: `Other documented variants of this pair (${others.length})`,
    variants: others.slice(0, MAX_VARIANTS_LISTED).map((o) => ({ text: o.phrase })),
    source: `Source: Microsoft Learn, "${entry.docTitle}"${entry.docDate ? ` (${entry.docDate})` : ''}, CC BY 4.0.`,
    docUrl: entry.docUrl,
    links: entry.links
      .filter((l) => l.url !== entry.docUrl)
      .slice(0, MAX_LINK_BUTTONS)
      .map((l) => ({ title: buttonTitle(l.title), url: l.url })),
    followUps,
  };
}

const rfcUrl = (rfc: string) => {
  const n = /RFC\s*(\d+)/i.exec(rfc)?.[1];
  return n ? `https://www.rfc-editor.org/rfc/rfc${n}` : undefined;
};

function sipView(f: Finding) {
  return f.sip ? { code: f.sip.code, title: `${f.sip.code} ${f.sip.reason} (${f.sip.rfc})`, meaning: f.sip.meaning, inTeamsCall: f.sip.inTeamsCall } : null;
}

function q850View(f: Finding) {
  if (!f.q850) return null;
  const eq = f.q850.sipEquivalent ? `, usually mapped to SIP ${f.q850.sipEquivalent}` : '';
  return { cause: f.q850.cause, name: f.q850.name, title: `${f.q850.cause} ${f.q850.name}${eq}`, meaning: f.q850.meaning };
}

/** A finding no entry backs: what the codes mean in general, and the origin rule applied. */
export function inferredView(f: Finding, related: readonly CodeWithSip[]) {
  const links = [];
  if (f.origin.ruleUrl) links.push({ title: 'The origin rule', url: f.origin.ruleUrl });
  const rfc = f.sip ? rfcUrl(f.sip.rfc) : undefined;
  if (f.sip && rfc) links.push({ title: f.sip.rfc, url: rfc });
  const followUps = [];
  for (const d of f.didYouMean ?? []) followUps.push(button(`Did you mean ${d.msCode}?`, { verb: 'entry', id: d.entryId }));
  if (f.sipCode !== null && related.length > 0) followUps.push(button(`Documented codes with SIP ${f.sipCode}`, { verb: 'sip-codes', sip: f.sipCode }));
  return {
    codes: codeLabel(f),
    headline: headline(f),
    fixOn: fixOnView(f.fixOn, f.origin),
    didYouMeanTitle: 'Did you mean one of these documented codes? (one digit changed, or two neighbouring digits swapped)',
    didYouMean: (f.didYouMean ?? []).map((d) => ({
      text: `${codeLabel({ msCode: d.msCode, sipCode: d.sipCode, q850Cause: null, sipCodeImplied: false })}: ${d.phrase}`,
    })),
    inferredWhy:
      f.msCode !== null
        ? `Microsoft's tables do not list ${f.msCode}${f.sipCode !== null ? ` with SIP ${f.sipCode}` : ''}. What follows is the generic meaning of the codes and the origin rule that applies to a code of this shape.`
        : 'What follows is the generic meaning of the code, from SIP Doc\'s own tables.',
    origin: originView(f.origin),
    sip: sipView(f),
    q850: q850View(f),
    notes: f.notes,
    relatedTitle: f.sipCode !== null ? `${codesWithSipTitle(related.length, f.sipCode)}, for example:` : '',
    related: related.slice(0, MAX_VARIANTS_LISTED).map(({ entries: [e] }) => ({ text: `${entryCodes(e!)}: ${e!.phrase}` })),
    links,
    followUps,
  };
}

const rowAction = (e: KbEntry): CardAction => ({ verb: 'entry', id: e.id });

/** One row per documented code: its first entry, and how many entries document it. */
function codeRows(codes: readonly CodeWithSip[]) {
  return codes.map(({ entries }) => {
    const e = entries[0]!;
    const codes = entryCodes(e);
    const variants = e.msCode !== null && e.sipCode !== null ? entries.filter((x) => x.catalog === e.catalog && x.sipCode === e.sipCode).length : 1;
    const more = entries.length > 1 ? ` · ${entries.length} entries` : '';
    return {
      codes,
      phrase: e.phrase,
      side: `Fix on: ${fixOnLabel(e.fixOn, e.catalog)} · ${CATALOG_LABELS[e.catalog]}${more}`,
      title: `Explain ${codes}`,
      data: variants > 1 ? ({ verb: 'variants', ms: e.msCode!, sip: e.sipCode! } satisfies CardAction) : rowAction(e),
    };
  });
}

/** Generic rows (a status code and its name, no Microsoft code), when no Microsoft code has this SIP code. */
function genericRows(entries: readonly KbEntry[]) {
  return entries.map((e) => ({
    codes: entryCodes(e),
    phrase: e.phrase,
    side: `Fix on: ${fixOnLabel(e.fixOn, e.catalog)} · ${CATALOG_LABELS[e.catalog]}`,
    title: `Explain ${entryCodes(e)}`,
    data: rowAction(e),
  }));
}

/** A SIP code on its own: its meaning, and the documented Microsoft codes that come with it. */
export function sipOnlyView(f: Finding, codes: readonly CodeWithSip[]) {
  const rfc = f.sip ? rfcUrl(f.sip.rfc) : undefined;
  const rows = codes.length ? codeRows(codes) : genericRows(f.entries);
  return {
    codes: codeLabel(f),
    headline: headline(f),
    fixOn: fixOnView(f.fixOn, f.origin),
    origin: originView(f.origin),
    sip: sipView(f),
    q850: q850View(f),
    entriesTitle: codes.length
      ? `${codesWithSipTitle(codes.length, f.sipCode!)}. The Microsoft code (CallEndSubReason, ParticipantEndSubCode) says which one:`
      : `No documented Microsoft code comes with SIP ${f.sipCode}; Microsoft's tables describe the status itself:`,
    entries: rows.slice(0, MAX_ROWS),
    more: rows.length > MAX_ROWS ? `... and ${rows.length - MAX_ROWS} more. Search "${f.sipCode}" with the Search codes command to see them all.` : '',
    links: rfc && f.sip ? [{ title: f.sip.rfc, url: rfc }] : [],
  };
}

export const EXAMPLES: ReadonlyArray<{ title: string; text: string }> = [
  { title: '510559 403', text: '510559 403' },
  { title: '560403', text: '560403' },
  { title: 'no viable path', text: 'no viable path' },
];

const exampleButtons = () => EXAMPLES.map((e) => button(`Try: ${e.title}`, { verb: 'ask', text: e.text }));

export function searchView(hits: readonly SearchHit[], title: string) {
  return {
    title,
    hits: hits.slice(0, MAX_ROWS).map((h) => ({
      codes: entryCodes(h.entry),
      phrase: h.entry.phrase,
      catalog: `${SIDE_LABELS[h.entry.origin.side]} · ${CATALOG_LABELS[h.entry.catalog]}`,
      title: `Explain ${entryCodes(h.entry)}`,
      data: rowAction(h.entry),
    })),
    examples: exampleButtons(),
  };
}

export function welcomeView() {
  return {
    examples: exampleButtons(),
    attribution: "Answers come from Microsoft Learn (Teams Direct Routing and Azure Communication Services pages, CC BY 4.0). Codes the docs don't list are explained from SIP and Q.850 and marked inferred.",
  };
}
