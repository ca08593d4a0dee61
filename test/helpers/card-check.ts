// What every card must pass: it parses and validates with the adaptivecards library (the renderer
// Teams uses), is Adaptive Cards 1.5 at full width, and fits in Teams' 28 KB.
import * as AC from 'adaptivecards';

export const CARD_LIMIT = 28 * 1024;

export function cardProblems(card: Record<string, unknown>): string[] {
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of ac.validateProperties().validationEvents) out.push(`validate: ${e.message}`);
  if (card.version !== '1.5') out.push(`version ${String(card.version)}`);
  if ((card.msteams as { width?: string } | undefined)?.width !== 'Full') out.push('not full width');
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > CARD_LIMIT) out.push(`${size} bytes`);
  return out;
}
