// Bundles the designer (designer/src) for the browser with esbuild: designer/dist/{index.html,
// app.js, app.css, fonts}. `npm start` runs it first (prestart); the browser tests call
// `buildDesigner` into a directory of their own.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const HERE = import.meta.dirname;
export const DESIGNER_DIST = join(HERE, 'dist');

export async function buildDesigner(outdir: string = DESIGNER_DIST): Promise<string> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { app: join(HERE, 'src', 'app', 'main.tsx') },
    outdir,
    bundle: true,
    splitting: true, // the designers and the dashboard are separate chunks (see App.tsx)
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    // Source maps only for development: a production build publishes no source.
    sourcemap: process.env.NODE_ENV === 'production' ? false : 'linked',
    legalComments: 'none',
    loader: { '.woff': 'file', '.woff2': 'file', '.eot': 'file', '.ttf': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  copyFileSync(join(HERE, 'index.html'), join(outdir, 'index.html'));
  return outdir;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const out = await buildDesigner();
  console.log(`designer built into ${out}`);
}
