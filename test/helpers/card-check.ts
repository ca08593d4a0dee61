// What every card must pass: it parses and validates with the adaptivecards library (the renderer
// Teams uses), is Adaptive Cards 1.5 at full width, and fits in Teams' 28 KB.
import * as AC from 'adaptivecards';

export const CARD_LIMIT = 28 * 1024;
const DROP = Symbol('drop');

/**
 * The card as a client without charts sees it (Teams on iOS): every Chart.* element replaced by
 * its fallback, after checking it has one and that its data is what the chart renderers read.
 */
function withoutCharts(card: unknown, out: string[]): unknown {
  if (Array.isArray(card)) return card.map((c) => withoutCharts(c, out)).filter((c) => c !== DROP);
  if (!card || typeof card !== 'object') return card;
  const n = card as Record<string, unknown>;
  if (typeof n.type === 'string' && n.type.startsWith('Chart.')) {
    if (n.fallback === undefined) out.push(`${n.type} has no fallback`);
    const data = n.data;
    if (!Array.isArray(data) || data.length === 0) out.push(`${n.type} has no data`);
    else if (n.type === 'Chart.Donut' || n.type === 'Chart.Pie') {
      if (!data.every((d) => typeof d.legend === 'string' && typeof d.value === 'number')) out.push(`${n.type} data must be {legend: string, value: number}`);
    } else if (!data.every((d) => typeof d.x === 'string' && typeof d.y === 'number')) out.push(`${n.type} data must be {x: string, y: number}`);
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
