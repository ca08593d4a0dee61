import { defineConfig } from 'vitest/config';

// Node 20 has the global WebSocket (test/dev.test.ts talks to the Agents Playground) behind a flag.
const nodeMajor = Number(process.versions.node.split('.')[0]);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    execArgv: nodeMajor < 22 ? ['--experimental-websocket'] : [],
  },
});
