// How the built app reaches a browser (issue 18 §2): precompressed, content-hashed files kept for a
// year, index.html checked on every visit (its boot script picks the staff app or the public entry),
// and the public appeal page without the staff app, rjsf or the modeler's styles.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** A raw GET (fetch would decode the body and hide the encoding): status, headers and the bytes on the wire. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number; body: string }> {
  return new Promise((done, fail) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, headers: res.headers, bytes: body.length, body: body.toString('latin1') });
      });
    })
      .on('error', fail)
      .end();
  });
}

/** What the page's stylesheets are, read in the browser (this project's types have no DOM). */
interface StyleSheetsGlobal {
  document: { styleSheets: Iterable<{ href: string | null; cssRules: Iterable<{ cssText: string }> }> };
}
const stylesheetsInPage = () =>
  [...(globalThis as unknown as StyleSheetsGlobal).document.styleSheets].map((s) => ({
    href: s.href,
    rules: [...s.cssRules].map((r) => r.cssText),
  }));

describe.skipIf(!browserAvailable())('delivering the app to browsers', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let scriptUrl: string;

  useBrowserApp(async (app) => {
    ({ rt, browser } = app);
  });

  it('names each entry by its content hash in index.html, which browsers check on every visit; its boot script alone runs inline', async () => {
    const index = await get(`${rt.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    // The boot script picks the entry by the address: the staff app or the public pages.
    const boot = /<script>([\s\S]*?)<\/script>/.exec(index.body);
    expect(boot).not.toBeNull();
    expect(boot![1]).toMatch(/"\/assets\/app-[A-Z0-9]+\.js"/);
    expect(boot![1]).toMatch(/"\/assets\/app-[A-Z0-9]+\.css"/);
    const publicEntry = /"(\/assets\/public-[A-Z0-9]+\.js)"/.exec(boot![1]!);
    expect(publicEntry).not.toBeNull();
    expect(boot![1]).toMatch(/"\/assets\/public-[A-Z0-9]+\.css"/);
    // The largest script a first visit loads (the staff app's entry is a small module: its code is in shared chunks).
    const scripts = [...boot![1]!.matchAll(/"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const sizes = await Promise.all(scripts.map(async (s) => (await get(`${rt.url}${s}`)).bytes));
    scriptUrl = `${rt.url}${scripts[sizes.indexOf(Math.max(...sizes))]}`;
    // Scripts only from the app's origin, and this one inline script by its hash.
    const csp = String(index.headers['content-security-policy']);
    const hash = createHash('sha256').update(boot![1]!, 'latin1').digest('base64');
    expect(csp).toContain(`script-src 'self' 'unsafe-eval' 'sha256-${hash}'`);
    expect(csp).not.toContain("'unsafe-inline' 'sha256");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('serves a hashed file brotli- or gzip-compressed as asked, kept for a year', async () => {
    const plain = await get(scriptUrl);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const br = await get(scriptUrl, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.bytes).toBeLessThan(plain.bytes / 3);

    const gz = await get(scriptUrl, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.bytes).toBeLessThan(plain.bytes / 2);
  });

  it('the public appeal page loads its own entry, without the staff app, rjsf, the modeler or its styles; the process designer loads both', async () => {
    const citizen = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'zh-CN' });
    const loaded: string[] = [];
    citizen.on('request', (r) => loaded.push(new URL(r.url()).pathname));
    await citizen.goto(`${rt.url}/#/intake/town-a`);
    await citizen.getByRole('button', { name: '提交诉求' }).waitFor();
    expect(loaded.filter((p) => /diagram-styles|ProcessDesigner|Dashboard|TaskForm|\/app-/.test(p))).toEqual([]);
    expect(loaded.filter((p) => /^\/assets\/public-[A-Z0-9]+\.js$/.test(p))).toHaveLength(1);
    // Drawn by the light renderer (no rjsf): its form says so.
    await citizen.locator('form.light-form').waitFor();
    const sheets = await citizen.evaluate(stylesheetsInPage);
    expect(sheets.filter((s) => s.href !== null).map((s) => new URL(s.href!).pathname)).toEqual([
      expect.stringMatching(/^\/assets\/public-[A-Z0-9]+\.css$/),
    ]);
    // The modeler's palette and its icon font come only with bpmn-js's styles.
    expect(sheets.flatMap((s) => s.rules).filter((r) => /\.djs-palette|bpmn-icon-/.test(r))).toEqual([]);
    await citizen.close();

    const admin = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    await signIn(admin, rt.url, 'towna-admin');
    await admin.locator('[data-process="appeal-loop@city"]').click();
    await admin.locator('.djs-element[data-element-id="Task_Receive"]').first().waitFor();
    const styled = (await admin.evaluate(stylesheetsInPage)).filter((s) =>
      /\/assets\/diagram-styles-[A-Z0-9]+\.css$/.test(s.href ?? ''),
    );
    expect(styled).toHaveLength(1);
    expect(styled[0]!.rules.some((r) => r.includes('.djs-palette'))).toBe(true);
    await admin.close();
  });
});
