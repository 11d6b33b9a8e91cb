// `npm run bench:web` (issue 18 §2): what a first visit costs a browser. Builds the designer as it
// is deployed (best compression), starts a server with the examples, and opens three pages in
// headless Chromium with a cold cache, through the DevTools protocol: the public appeal page (a
// citizen's phone), the staff inbox (a window clerk, signed in) and the process designer (an
// administrator). For each: the bytes on the wire (compressed, headers included) and the requests
// until the page is usable, and the time to usable under a simulated slow 4G link
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip; the CPU is not slowed). The median of RUNS
// visits per page. The last line is JSON.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildDesigner } from '../../designer/build.js';
import { startTestRuntime, type TestRuntime } from '../../runtime/testing/databases.js';
import { launchBrowser } from '../browser.js';

const RUNS = Number(process.env.RUNS ?? 3);
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
/** After the page is usable, requests it still makes within this quiet time count too (a late stylesheet, a font). */
const SETTLE_MS = 500;

interface Visit {
  bytesCompressed: number;
  requests: number;
  interactiveMsSlow4G: number;
  byType: Record<string, number>;
}
interface PageSpec {
  name: 'publicPage' | 'inbox' | 'designer';
  path: string;
  /** The signed-in user, whose token the page finds in its session (as after signing in). */
  token?: string;
  ready(page: Page): Promise<void>;
}

async function visit(browser: Browser, url: string, spec: PageSpec): Promise<Visit> {
  const context = await browser.newContext({
    viewport: spec.name === 'publicPage' ? { width: 420, height: 900 } : { width: 1400, height: 900 },
    locale: 'zh-CN',
  });
  // As after signing in: the app keeps its token in the tab's session storage.
  if (spec.token)
    await context.addInitScript(
      (token) =>
        (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
          'civicflow.token',
          token,
        ),
      spec.token,
    );
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  const types = new Map<string, string>();
  const urls = new Map<string, string>();
  const files: Array<[string, number]> = [];
  const byType: Record<string, number> = {};
  let bytes = 0;
  let requests = 0;
  let lastActivity = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    requests++;
    types.set(e.requestId, e.type ?? 'Other');
    urls.set(e.requestId, new URL(e.request.url).pathname);
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFinished', (e) => {
    const type = types.get(e.requestId);
    if (type === undefined) return;
    bytes += e.encodedDataLength;
    byType[type] = (byType[type] ?? 0) + e.encodedDataLength;
    files.push([urls.get(e.requestId) ?? '?', e.encodedDataLength]);
    lastActivity = Date.now();
  });
  const start = Date.now();
  await page.goto(`${url}${spec.path}`, { waitUntil: 'commit' });
  await spec.ready(page);
  const interactiveMs = Date.now() - start;
  while (Date.now() - lastActivity < SETTLE_MS) await new Promise((r) => setTimeout(r, 100));
  await context.close();
  // FILES=1 lists what each visit loaded, largest first.
  if (process.env.FILES)
    for (const [path, n] of files.sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(8)} ${path}`);
  return { bytesCompressed: bytes, requests, interactiveMsSlow4G: interactiveMs, byType };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function pages(rt: TestRuntime): Promise<PageSpec[]> {
  const admin = await rt.login('admin');
  const started = await rt.request('POST', '/api/process-instances', {
    token: admin,
    body: { processKey: 'appeal-loop', tenant: 'town-a', businessKey: 'BENCH-WEB-1' },
  });
  if (started.status !== 201) throw new Error(`could not start an appeal: ${JSON.stringify(started.body)}`);
  return [
    {
      name: 'publicPage',
      path: '/#/intake/town-a',
      ready: async (page) => page.getByRole('button', { name: '提交诉求' }).waitFor(),
    },
    {
      name: 'inbox',
      path: '/',
      token: await rt.login('window1'),
      ready: async (page) => page.locator('[data-task="Task_Receive"]').first().waitFor(),
    },
    {
      name: 'designer',
      path: '/',
      token: await rt.login('towna-admin'),
      ready: async (page) => {
        await page.locator('[data-process="appeal-loop@city"]').waitFor();
        await page.locator('.djs-container').first().waitFor();
      },
    },
  ];
}

const dist = await buildDesigner(mkdtempSync(join(tmpdir(), 'civicflow-bench-web-')), { compression: 'best' });
const rt = await startTestRuntime('sqlite', { loadExamples: true, staticDir: dist, production: true });
const browser = await launchBrowser();
const result: Record<string, Omit<Visit, 'byType'>> = {};
try {
  // PAGES=publicPage,inbox measures only those.
  const only = process.env.PAGES?.split(',');
  for (const spec of (await pages(rt)).filter((p) => !only || only.includes(p.name))) {
    const visits: Visit[] = [];
    for (let i = 0; i < RUNS; i++) visits.push(await visit(browser, rt.url, spec));
    const summary = {
      bytesCompressed: median(visits.map((v) => v.bytesCompressed)),
      requests: median(visits.map((v) => v.requests)),
      interactiveMsSlow4G: median(visits.map((v) => v.interactiveMsSlow4G)),
    };
    result[spec.name] = summary;
    const byType = Object.entries(visits[0]!.byType)
      .map(([t, b]) => `${t} ${(b / 1024).toFixed(1)} KiB`)
      .join(', ');
    // The bytes alone at slow 4G's 1.6 Mbit/s (no round trips, no CPU): what the link costs whatever the machine's load.
    const bytesMs = Math.round((summary.bytesCompressed * 8) / 1600);
    console.log(
      `${spec.name.padEnd(11)} ${(summary.bytesCompressed / 1024).toFixed(1).padStart(7)} KiB in ${summary.requests} requests, usable after ${summary.interactiveMsSlow4G} ms on slow 4G, the bytes alone ${bytesMs} ms (${byType})`,
    );
  }
} finally {
  await browser.close();
  await rt.stop();
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, ${RUNS} cold visits per page (median)`,
);
console.log(JSON.stringify(result));
