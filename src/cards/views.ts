// View models: the data each card template in cards/ is expanded with. Pure functions of the
// knowledge base and the diagnosis; no user text passes through here (see paste.ts for that).
import type { Finding, SearchHit } from '../diagnose/types';
import { CATALOG_LABELS, SIDE_LABELS, type KbEntry, type Origin, type Side } from '../kb/types';
import { BASIS_LABELS, codeLabel, entryCodes, headline, originLabel, shorten } from '../report/labels';
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

const button = (title: string, data: CardAction) => ({ title, data });

/** Button titles: a capital first letter, cut at a word boundary (Teams cuts long ones mid-word). */
const buttonTitle = (t: string) => shorten(t.charAt(0).toUpperCase() + t.slice(1), 48);

export function entryView(entry: KbEntry, siblings: readonly KbEntry[]) {
  const others = siblings.filter((s) => s.id !== entry.id);
  const followUps = [];
  if (others.length && entry.msCode !== null && entry.sipCode !== null) {
    followUps.push(button(`All ${others.length + 1} variants of ${entry.msCode}/${entry.sipCode}`, { verb: 'variants', ms: entry.msCode, sip: entry.sipCode }));
  }
  if (entry.sipCode !== null) followUps.push(button(`Other codes with SIP ${entry.sipCode}`, { verb: 'sip-codes', sip: entry.sipCode }));
  return {
    codes: entryCodes(entry),
    phrase: entry.phrase,
    origin: originView(entry.origin),
    catalogLabel: `${CATALOG_LABELS[entry.catalog]}: ${entry.docTitle}`,
    resultCategory: entry.resultCategory ?? '',
    callbackEvent: entry.callbackEvent ?? '',
    notes: entry.slip ? [entry.slip.note] : [],
    description: markdownToBlocks(entry.description),
    actions: markdownToBlocks(entry.actions),
    variantsTitle: `Other documented variants of this pair (${others.length})`,
    variants: others.slice(0, MAX_VARIANTS_LISTED).map((o) => ({ text: o.phrase })),
    source: `Source: Microsoft Learn, "${entry.docTitle}" (${entry.docDate}), CC BY 4.0.`,
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
export function inferredView(f: Finding, related: readonly KbEntry[]) {
  const links = [];
  if (f.origin.ruleUrl) links.push({ title: 'The origin rule', url: f.origin.ruleUrl });
  const rfc = f.sip ? rfcUrl(f.sip.rfc) : undefined;
  if (f.sip && rfc) links.push({ title: f.sip.rfc, url: rfc });
  const followUps = [];
  if (f.sipCode !== null && related.length > 0) followUps.push(button(`Documented codes with SIP ${f.sipCode}`, { verb: 'sip-codes', sip: f.sipCode }));
  return {
    codes: codeLabel(f),
    headline: headline(f),
    inferredWhy:
      f.msCode !== null
        ? `Microsoft's tables do not list ${f.msCode}${f.sipCode !== null ? ` with SIP ${f.sipCode}` : ''}. What follows is the generic meaning of the codes and the origin rule that applies to a code of this shape.`
        : 'What follows is the generic meaning of the code, from SIP Doc\'s own tables.',
    origin: originView(f.origin),
    sip: sipView(f),
    q850: q850View(f),
    notes: f.notes,
    relatedTitle: `Microsoft documents ${related.length} code${related.length === 1 ? '' : 's'} with SIP ${f.sipCode}, for example:`,
    related: related.slice(0, MAX_VARIANTS_LISTED).map((e) => ({ text: `${entryCodes(e)}: ${e.phrase}` })),
    links,
    followUps,
  };
}

const rowAction = (e: KbEntry): CardAction => ({ verb: 'entry', id: e.id });

/** One row per documented pair; a pair with several variants says how many. */
function pairRows(entries: readonly KbEntry[]) {
  const groups = new Map<string, KbEntry[]>();
  for (const e of entries) {
    const key = `${e.catalog}/${e.msCode}/${e.sipCode}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((group) => {
    const e = group[0]!;
    const codes = entryCodes(e);
    return {
      codes,
      phrase: e.phrase,
      side: `${SIDE_LABELS[e.origin.side]} · ${CATALOG_LABELS[e.catalog]}${group.length > 1 ? ` · ${group.length} variants` : ''}`,
      title: `Explain ${codes}`,
      data: group.length > 1 && e.msCode !== null && e.sipCode !== null ? ({ verb: 'variants', ms: e.msCode, sip: e.sipCode } satisfies CardAction) : rowAction(e),
    };
  });
}

/** A SIP code on its own: its meaning, and the documented Microsoft codes that come with it. */
export function sipOnlyView(f: Finding) {
  const rfc = f.sip ? rfcUrl(f.sip.rfc) : undefined;
  const rows = pairRows(f.entries);
  return {
    codes: codeLabel(f),
    headline: headline(f),
    origin: originView(f.origin),
    sip: sipView(f),
    q850: q850View(f),
    entriesTitle: `Microsoft documents ${rows.length} code${rows.length === 1 ? '' : 's'} with SIP ${f.sipCode}. The Microsoft code (CallEndSubReason, ParticipantEndSubCode) says which one:`,
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
