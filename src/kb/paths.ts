// Where the project's data lives, found from this file's location so that the same code works
// from src/ (tsx, vitest) and from dist/src/ (the built server).
import * as fs from 'node:fs';
import * as path from 'node:path';

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'kb'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`SIP Doc: cannot find the project root (package.json + kb/) above ${start}`);
    dir = up;
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const KB_DIR = path.join(PROJECT_ROOT, 'kb');
export const KB_FILE = path.join(KB_DIR, 'kb.json');
export const CARDS_DIR = path.join(PROJECT_ROOT, 'cards');
