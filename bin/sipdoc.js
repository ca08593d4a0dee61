#!/usr/bin/env node
// The `sipdoc` command. Runs the built CLI (npm run build); falls back to the TypeScript source
// through tsx in a development checkout that has not been built.
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
if (fs.existsSync(built)) {
  require(built).main();
} else {
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'src', 'cli.ts')).main();
}
