// Optional Application Insights. Enabled when APPLICATIONINSIGHTS_CONNECTION_STRING is set and the
// `applicationinsights` package is installed (`npm install applicationinsights`); it is not a
// dependency so that a local run installs and sends nothing.
import type { Logger } from './log';

export function startAppInsights(connectionString: string, log: Logger): boolean {
  if (!connectionString) return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ai = require('applicationinsights') as { setup(cs: string): { start(): unknown } };
    ai.setup(connectionString).start();
    log.info('Application Insights is on');
    return true;
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'APPLICATIONINSIGHTS_CONNECTION_STRING is set but the applicationinsights package could not be loaded (npm install applicationinsights): telemetry is off');
    return false;
  }
}
