// Bundles the designer (designer/src) for the browser with esbuild into designer/dist:
// `index.html` (served with no-cache) and `assets/` — every file there named by its content hash
// (app-<hash>.js/.css, chunks, fonts, the lazily linked stylesheets), so the server lets browsers
// keep them for a year — each compressible one also precompressed (.br, .gz).
// `npm start` runs it first (prestart); the browser tests call `buildDesigner` into a directory of their own.
import { build, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ASSET_LOADERS, directDefinitionImports, lazyMarkdown, lazyStylesheets } from './build-plugins.js';
import { precompress, type Compression } from './precompress.js';

const HERE = import.meta.dirname;
export const DESIGNER_DIST = join(HERE, 'dist');
/** Everything under this folder of the build is content-hashed (immutable once served). */
export const HASHED_DIR = 'assets';

/** `compression`: `best` for what is deployed (`npm run build:designer`, `npm start`), `fast` for the builds tests make. */
export async function buildDesigner(
  outdir: string = DESIGNER_DIST,
  options: { compression?: Compression } = {},
): Promise<string> {
  // The build owns its directory: files of an earlier build (other hashes) go.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const entry = join(HERE, 'src', 'app', 'main.tsx');
  const result = await build({
    entryPoints: { app: entry },
    outdir,
    entryNames: `${HASHED_DIR}/[name]-[hash]`,
    chunkNames: `${HASHED_DIR}/chunks/[name]-[hash]`,
    assetNames: `${HASHED_DIR}/[name]-[hash]`,
    bundle: true,
    splitting: true, // the public pages, the inbox, the designers and the dashboard are chunks of their own (see App.tsx)
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    // Source maps only for development: a production build publishes no source.
    sourcemap: process.env.NODE_ENV === 'production' ? false : 'linked',
    legalComments: 'none',
    loader: ASSET_LOADERS,
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    plugins: [
      directDefinitionImports({ designerSrc: join(HERE, 'src'), definitionsDir: join(HERE, '..', 'definitions') }),
      lazyMarkdown(),
      lazyStylesheets({ entry, outdir, minify: true }),
    ],
    logLevel: 'warning',
  });
  writeFileSync(join(outdir, 'index.html'), indexHtml(result.metafile, outdir));
  await precompress(outdir, options.compression ?? 'fast');
  return outdir;
}

/** designer/index.html with the hashed names of the entry's script and stylesheet, and its static imports preloaded (one round trip, not one per level). */
function indexHtml(metafile: Metafile, outdir: string): string {
  const outputs = metafile.outputs;
  const entryJs = Object.keys(outputs).find(
    (o) => outputs[o]!.entryPoint !== undefined && o.endsWith('.js') && outputs[o]!.entryPoint!.endsWith('main.tsx'),
  );
  if (!entryJs) throw new Error('the build produced no entry script');
  const entryCss = outputs[entryJs]!.cssBundle;
  if (!entryCss) throw new Error('the build produced no entry stylesheet');
  const url = (output: string) => `/${relative(outdir, resolve(output)).split(sep).join('/')}`;
  const preloads = staticImports(metafile, entryJs)
    .map((o) => `    <link rel="modulepreload" href="${url(o)}" />\n`)
    .join('');
  return readFileSync(join(HERE, 'index.html'), 'utf8')
    .replace('href="/app.css"', `href="${url(entryCss)}"`)
    .replace('src="/app.js"', `src="${url(entryJs)}"`)
    .replace('  </head>', `${preloads}  </head>`);
}

/** The chunks `from` imports statically, directly or not (those the browser needs before the script runs). */
function staticImports(metafile: Metafile, from: string): string[] {
  const seen = new Set<string>();
  const visit = (output: string) => {
    for (const i of metafile.outputs[output]!.imports) {
      if (i.kind !== 'import-statement' || i.external || seen.has(i.path)) continue;
      seen.add(i.path);
      visit(i.path);
    }
  };
  visit(from);
  return [...seen];
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const out = await buildDesigner(DESIGNER_DIST, { compression: 'best' });
  console.log(`designer built into ${out}`);
}
