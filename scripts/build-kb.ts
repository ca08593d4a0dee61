// `npm run kb:build`: kb/sources (as kb/sources/manifest.json lists them) -> kb/kb.json and kb/sources/SOURCES.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildKnowledgeBase } from '../src/kb/ingest/build';
import { UNCOVERED } from '../src/kb/fix-on';
import { sourcesMarkdown } from '../src/kb/ingest/attribution';
import { KB_DIR } from '../src/kb/paths';

const kb = buildKnowledgeBase(path.join(KB_DIR, 'sources'));
fs.writeFileSync(path.join(KB_DIR, 'kb.json'), JSON.stringify(kb, null, 1) + '\n');
fs.writeFileSync(path.join(KB_DIR, 'sources', 'SOURCES.md'), sourcesMarkdown(path.join(KB_DIR, 'sources')));
const byCatalog = new Map<string, number>();
for (const e of kb.entries) byCatalog.set(e.catalog, (byCatalog.get(e.catalog) ?? 0) + 1);
console.log(`kb/kb.json: ${kb.entries.length} entries (${[...byCatalog].map(([c, n]) => `${c} ${n}`).join(', ')})`);
const uncovered = kb.entries.filter((e) => e.fixOn.rule === UNCOVERED);
if (uncovered.length) {
  console.warn(`${uncovered.length} entries have no who-must-act rule or exception (add one in src/kb/fix-on/): ${uncovered.map((e) => e.id).join(', ')}`);
}
