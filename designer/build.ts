// Bundles the designer (designer/src) for the browser with esbuild into designer/dist:
// `index.html` (served with no-cache) and `assets/` — every file there named by its content hash
// (app-<hash>.js/.css and public-<hash>.js/.css, chunks, fonts, the lazily linked stylesheets), so the server lets browsers
// keep them for a year — each compressible one also precompressed (.br, .gz).
// `npm start` runs it first (prestart); the browser tests call `buildDesigner` into a directory of their own.
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  ASSET_LOADERS,
  directDefinitionImports,
  lazyMarkdown,
  lazyStylesheets,
  replaceModule,
  usedMessages,
} from './build-plugins.js';
import { precompress, type Compression } from './precompress.js';

const HERE = import.meta.dirname;
export const DESIGNER_DIST = join(HERE, 'dist');
/** Everything under this folder of the build is content-hashed (immutable once served). */
export const HASHED_DIR = 'assets';

/**
 * Two entries, each with its own chunks: the staff app (React) and the public pages a citizen's phone
 * opens (the appeal form, the tracking page), built with Preact in React's place (`preact/compat`,
 * the same components at a tenth of the size) and without rjsf and ajv unless a form needs them.
 * index.html's boot script (designer/src/app/boot.ts) loads the one the address asks for.
 */
export const ENTRIES = {
  app: join(HERE, 'src', 'app', 'main.tsx'),
  public: join(HERE, 'src', 'public', 'main.tsx'),
} as const;
type EntryName = keyof typeof ENTRIES;

/** React's modules as Preact's: for the public entry only. */
const PREACT = {
  react: 'preact/compat',
  'react-dom': 'preact/compat',
  'react-dom/client': 'preact/compat/client',
  'react/jsx-runtime': 'preact/jsx-runtime',
};

/** What index.html's boot script needs of an entry: its script, its stylesheet and the chunks it imports statically. */
export interface EntryFiles {
  js: string;
  css: string;
  preload: string[];
}

/** `compression`: `best` for what is deployed (`npm run build:designer`, `npm start`), `fast` for the builds tests make. */
export async function buildDesigner(
  outdir: string = DESIGNER_DIST,
  options: { compression?: Compression } = {},
): Promise<string> {
  // The build owns its directory: files of an earlier build (other hashes) go.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  // The staff app first: the public build names its `form-island` (rjsf for a form the light renderer does not draw).
  const app = await buildEntry('app', outdir);
  const pub = await buildEntry('public', outdir, app.island);
  const { island: _island, ...appFiles } = app;
  writeFileSync(join(outdir, 'index.html'), await indexHtml({ app: appFiles, public: pub }));
  await precompress(outdir, options.compression ?? 'fast');
  return outdir;
}

/** The staff build's TaskForm for the public pages (designer/src/shared/task-form-island.tsx). */
const FORM_ISLAND = join(HERE, 'src', 'shared', 'task-form-island.tsx');

async function buildEntry(
  name: EntryName,
  outdir: string,
  formIsland?: string,
): Promise<EntryFiles & { island?: string }> {
  const entry = ENTRIES[name];
  const isPublic = name === 'public';
  const options = (first: Plugin[] = [], write = true): BuildOptions => ({
    write,
    entryPoints: isPublic ? { [name]: entry } : { [name]: entry, 'form-island': FORM_ISLAND },
    outdir,
    entryNames: `${HASHED_DIR}/[name]-[hash]`,
    chunkNames: `${HASHED_DIR}/chunks/[name]-[hash]`,
    assetNames: `${HASHED_DIR}/[name]-[hash]`,
    bundle: true,
    splitting: true, // pages are chunks of their own, loaded when first opened (see App.tsx, PublicApp.tsx)
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    // Source maps only for development: a production build publishes no source.
    sourcemap: process.env.NODE_ENV === 'production' ? false : 'linked',
    legalComments: 'none',
    // Chinese texts as UTF-8 (3 bytes a character), not \u escapes (6).
    charset: 'utf8',
    loader: ASSET_LOADERS,
    define: {
      'process.env.NODE_ENV': '"production"',
      ...(isPublic ? { FORM_ISLAND: JSON.stringify(formIsland ?? '') } : {}),
    },
    // The island is the staff build's file, fetched as it is.
    ...(isPublic ? { alias: PREACT, external: [`/${HASHED_DIR}/*`] } : {}),
    metafile: true,
    plugins: [
      ...first,
      directDefinitionImports({
        designerSrc: join(HERE, 'src'),
        definitionsDir: join(HERE, '..', 'definitions'),
        engineDir: join(HERE, '..', 'engine'),
      }),
      lazyMarkdown(),
      lazyStylesheets({ entry, outdir, minify: true }),
      ...(isPublic
        ? [
            replaceModule({
              from: join(HERE, 'src', 'public', 'full-form.tsx'),
              to: join(HERE, 'src', 'public', 'full-form-island.tsx'),
            }),
          ]
        : []),
    ],
    logLevel: 'warning',
  });
  let result = await build(options([], !isPublic));
  if (isPublic) {
    // The public pages carry only the texts they name: a first pass finds their modules.
    const sources = Object.keys(result.metafile!.inputs)
      .map((i) => resolve(i))
      .filter((i) => /\.tsx?$/.test(i) && !i.includes(`${sep}node_modules${sep}`) && existsSync(i));
    const texts = ['zh-CN.ts', 'en.ts'].map((f) => join(HERE, 'src', 'app', 'i18n', f));
    result = await build(
      options([usedMessages({ modules: texts, sources: sources.filter((f) => !texts.includes(f)) })]),
    );
  }
  // ANALYZE=<dir> keeps each entry's metafile there (esbuild's bundle analyzer reads it).
  const metafile = result.metafile!;
  if (process.env.ANALYZE) writeFileSync(join(process.env.ANALYZE, `${name}.meta.json`), JSON.stringify(metafile));
  const files = entryFiles(metafile, outdir, entry);
  return isPublic ? files : { ...files, island: entryFiles(metafile, outdir, FORM_ISLAND, false).js };
}

function entryFiles(metafile: Metafile, outdir: string, entry: string, withCss = true): EntryFiles {
  const outputs = metafile.outputs;
  const entryJs = Object.keys(outputs).find(
    (o) => o.endsWith('.js') && outputs[o]!.entryPoint !== undefined && resolve(outputs[o]!.entryPoint!) === entry,
  );
  if (!entryJs) throw new Error(`the build produced no script for ${entry}`);
  const entryCss = outputs[entryJs]!.cssBundle;
  if (!entryCss && withCss) throw new Error(`the build produced no stylesheet for ${entry}`);
  const url = (output: string) => `/${relative(outdir, resolve(output)).split(sep).join('/')}`;
  return { js: url(entryJs), css: entryCss ? url(entryCss) : '', preload: staticImports(metafile, entryJs).map(url) };
}

/**
 * designer/index.html with its boot script inlined: it picks the entry by the address (a public
 * page or the staff app) and links that entry's stylesheet, script and static imports (preloaded:
 * one round trip, not one per level), so a phone never fetches the staff app and a clerk never the
 * public one. The server allows exactly this inline script by its hash (runtime/platform/http/static-files.ts).
 */
async function indexHtml(entries: Record<EntryName, EntryFiles>): Promise<string> {
  const boot = await build({
    entryPoints: [join(HERE, 'src', 'app', 'boot.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    define: { BOOT_ENTRIES: JSON.stringify(entries) },
    logLevel: 'warning',
  });
  const script = boot.outputFiles[0]!.text.trim().replaceAll('</', '<\\/');
  return readFileSync(join(HERE, 'index.html'), 'utf8').replace(
    '<script src="/boot.js"></script>',
    `<script>${script}</script>`,
  );
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
