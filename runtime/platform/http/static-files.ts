import type { ServerResponse } from 'node:http';
import { relative, resolve, sep } from 'node:path';
import type Koa from 'koa';
import serve from 'koa-static';

/** The designer build's folder of content-hashed files (designer/build.ts): a name there never changes content. */
export const HASHED_DIR = 'assets';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The designer's build: brotli or gzip when the browser takes it (the `.br` / `.gz` files the build
 * precompressed, never compressed per request), content-hashed files under `assets/` kept for a
 * year, everything else (`index.html`, which names the current hashes) checked on every visit.
 */
export function staticFiles(dir: string): Koa.Middleware {
  const root = resolve(dir);
  return serve(root, {
    brotli: true,
    gzip: true,
    setHeaders(res: ServerResponse, path: string) {
      const [top] = relative(root, path).split(sep);
      res.setHeader('Cache-Control', top === HASHED_DIR ? IMMUTABLE : 'no-cache');
      res.setHeader('Vary', 'Accept-Encoding');
    },
  });
}
