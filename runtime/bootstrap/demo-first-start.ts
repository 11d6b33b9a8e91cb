import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { Runtime } from '../server.js';

type FirstStart = (runtime: Runtime, log: Logger) => Promise<unknown>;

/**
 * What an example does on the first start of a demo server, named by its manifest
 * (`"demoFirstStart": "demo/first-start.ts"`, a module exporting `onFirstStart(runtime, log)`):
 * loaded by path, so the runtime knows no example's code. Each runs in the background; a failure
 * is logged and the examples work without it.
 */
export async function runDemoFirstStart(examplesDir: string, runtime: Runtime, log: Logger): Promise<void> {
  if (!existsSync(examplesDir)) return;
  for (const name of readdirSync(examplesDir).sort()) {
    const manifestPath = join(examplesDir, name, 'civicflow.json');
    if (!existsSync(manifestPath)) continue;
    const entry = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { demoFirstStart?: string }).demoFirstStart;
    if (!entry) continue;
    try {
      const module = (await import(pathToFileURL(resolve(examplesDir, name, entry)).href)) as {
        onFirstStart?: FirstStart;
      };
      if (typeof module.onFirstStart !== 'function') throw new Error(`${entry} exports no onFirstStart`);
      await module.onFirstStart(runtime, log);
    } catch (err) {
      log.error({ err, example: name }, 'the demo first-start step failed; the examples work without it');
    }
  }
}
