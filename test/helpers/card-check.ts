// What every card must pass: it parses and validates with the adaptivecards library (the renderer
// Teams uses), is Adaptive Cards 1.5 at full width, and fits in Teams' 28 KB.
import * as AC from 'adaptivecards';

export const CARD_LIMIT = 28 * 1024;
const DROP = Symbol('drop');

/** The card as a client without charts draws it (Teams on iOS): each Chart.* replaced by its fallback. */
function withoutCharts(card: unknown, out: string[]): unknown {
  if (Array.isArray(card)) return card.map((c) => withoutCharts(c, out)).filter((c) => c !== DROP);
  if (!card || typeof card !== 'object') return card;
  const n = card as Record<string, unknown>;
  if (typeof n.type === 'string' && n.type.startsWith('Chart.')) {
    if (n.fallback === undefined) out.push(`${n.type} has no fallback`);
    return n.fallback === 'drop' || n.fallback === undefined ? DROP : withoutCharts(n.fallback, out);
  }
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, withoutCharts(v, out)]));
}

export function cardProblems(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(withoutCharts(card, out) as object, ctx);
  for (let i = 0; i < ctx.eventCount; i++) out.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of ac.validateProperties().validationEvents) out.push(`validate: ${e.message}`);
  if (card.version !== '1.5') out.push(`version ${String(card.version)}`);
  if ((card.msteams as { width?: string } | undefined)?.width !== 'Full') out.push('not full width');
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > CARD_LIMIT) out.push(`${size} bytes`);
  return out;
}
