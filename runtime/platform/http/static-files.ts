import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { relative, resolve, sep } from 'node:path';
import type Koa from 'koa';
import serve from 'koa-static';
import { APP_CSP } from './security-headers.js';

/** The designer build's folder of content-hashed files (designer/build.ts): a name there never changes content. */
export const HASHED_DIR = 'assets';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The designer's build: brotli or gzip when the browser takes it (the `.br` / `.gz` files the build
 * precompressed, never compressed per request), content-hashed files under `assets/` kept for a
 * year, everything else (`index.html`, which names the current hashes) checked on every visit.
 * A page's own inline scripts (index.html's boot script, designer/src/app/boot.ts) run because the
 * page's Content-Security-Policy names each by its SHA-256; no other inline script does.
 */
export function staticFiles(dir: string): Koa.Middleware {
  const root = resolve(dir);
  const pages = new PageCsp();
  return serve(root, {
    brotli: true,
    gzip: true,
    setHeaders(res: ServerResponse, path: string) {
      const [top] = relative(root, path).split(sep);
      res.setHeader('Cache-Control', top === HASHED_DIR ? IMMUTABLE : 'no-cache');
      res.setHeader('Vary', 'Accept-Encoding');
      // koa-send names the precompressed file it sends; the page is the one beside it.
      const page = path.replace(/\.(br|gz)$/, '');
      if (page.endsWith('.html')) res.setHeader('Content-Security-Policy', pages.of(page));
    },
  });
}

/** The app's policy with a page's inline scripts allowed by their hashes (read again when the file changes: a new build). */
class PageCsp {
  private readonly cache = new Map<string, { mtimeMs: number; csp: string }>();

  of(path: string): string {
    const mtimeMs = statSync(path).mtimeMs;
    const known = this.cache.get(path);
    if (known?.mtimeMs === mtimeMs) return known.csp;
    const csp = cspWithScripts(readFileSync(path, 'utf8'));
    this.cache.set(path, { mtimeMs, csp });
    return csp;
  }
}

/** APP_CSP whose `script-src` also takes each inline `<script>` of `html` (not those with a `src`). */
export function cspWithScripts(html: string): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
  if (hashes.length === 0) return APP_CSP;
  return APP_CSP.split('; ')
    .map((d) => (d.startsWith('script-src ') ? `${d} ${hashes.join(' ')}` : d))
    .join('; ');
}
