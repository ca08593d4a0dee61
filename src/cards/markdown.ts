// Microsoft's markdown (actions, descriptions) as a list of TextBlock texts. Adaptive Card
// TextBlocks render bold, italics and links, but lists and nesting only unevenly across Teams
// clients, so list items become their own blocks with a bullet character.

export interface Block {
  text: string;
  spacing: 'None' | 'Small';
}

const BULLET = /^(\s*)[-*]\s+(.*)$/;
const NUMBERED = /^(\s*)\d+\.\s+(.*)$/;

export function markdownToBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let gap = false;
  let number = 0;
  for (const raw of markdown.split('\n')) {
    if (!raw.trim()) {
      gap = true;
      continue;
    }
    const bullet = BULLET.exec(raw);
    const numbered = NUMBERED.exec(raw);
    let text: string;
    if (bullet) {
      text = `${bullet[1]!.length >= 2 ? '\u00a0\u00a0\u00a0\u00a0◦' : '•'} ${bullet[2]}`;
      number = 0;
    } else if (numbered) {
      number++;
      text = `${numbered[1]!.length >= 2 ? '\u00a0\u00a0\u00a0\u00a0' : ''}${number}. ${numbered[2]}`;
    } else {
      text = raw.trim();
      number = 0;
    }
    // Code spans have no rendering in a TextBlock: keep their text.
    text = text.replace(/`([^`]+)`/g, '$1');
    blocks.push({ text, spacing: blocks.length === 0 ? 'None' : gap ? 'Small' : 'None' });
    gap = false;
  }
  return blocks;
}
