// esbuild plugins for the designer build (designer/build.ts).
import { build, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** File loaders shared by the app build and the lazily linked stylesheets (fonts, icons). */
export const ASSET_LOADERS = { '.woff': 'file', '.woff2': 'file', '.eot': 'file', '.ttf': 'file', '.svg': 'file' } as const;

/** Marks the plugins' own `resolve` calls, which every plugin lets esbuild answer (else they would call each other forever). */
const NESTED_RESOLVE = { nestedResolve: true };

/**
 * definitions/ is a set of pure compilers: no module runs anything when imported (only declarations).
 * Saying so lets esbuild drop what a page does not use from the `definitions/index.ts` barrel
 * (a form page needs the ajv options, not the BPMN parser, FEEL or the calendar polyfill).
 */
export function pureDefinitions(definitionsDir: string): Plugin {
  const root = resolve(definitionsDir) + sep;
  return {
    name: 'pure-definitions',
    setup(b) {
      // Answered here, without asking esbuild again: this runs for every relative import in node_modules too.
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer.startsWith(root) && !args.path.includes('definitions/')) return undefined;
        const path = resolve(args.resolveDir, args.path);
        if (!path.startsWith(root)) return undefined;
        const source = path.endsWith('.js') && existsSync(path.slice(0, -3) + '.ts') ? path.slice(0, -3) + '.ts' : path;
        return existsSync(source) ? { path: source, sideEffects: false } : undefined;
      });
    },
  };
}

/**
 * Stylesheets imported anywhere but the entry module (`entry`) stay out of the first page's CSS:
 * each becomes a content-hashed file under `assets/`, linked by the module that imports it when that
 * module first runs (a top-level await: the importing chunk continues once the styles apply).
 * So the bpmn-js styles load with the designer and the case diagram, never on the public pages.
 */
export function lazyStylesheets(options: { entry: string; outdir: string; minify: boolean }): Plugin {
  const entry = resolve(options.entry);
  return {
    name: 'lazy-stylesheets',
    setup(b) {
      b.onResolve({ filter: /\.css$/ }, async (args) => {
        if (args.pluginData === NESTED_RESOLVE || args.kind !== 'import-statement' || resolve(args.importer) === entry || args.importer.endsWith('.css')) return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: NESTED_RESOLVE });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, namespace: 'lazy-stylesheet' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-stylesheet' }, async (args) => {
        const result = await build({
          entryPoints: [args.path],
          outdir: join(options.outdir, 'assets'),
          entryNames: '[name]-[hash]',
          assetNames: '[name]-[hash]',
          bundle: true,
          minify: options.minify,
          loader: ASSET_LOADERS,
          metafile: true,
          logLevel: 'warning',
        });
        const css = Object.keys(result.metafile.outputs).find((o) => o.endsWith('.css'));
        if (!css) return { errors: [{ text: `no stylesheet built from ${args.path}` }] };
        const href = '/' + relative(options.outdir, resolve(css)).split(sep).join('/');
        return {
          contents: linkStylesheetModule(href),
          loader: 'js',
          resolveDir: dirname(args.path),
          watchFiles: [args.path],
        };
      });
    },
  };
}

/**
 * The module that replaces a lazily linked stylesheet, in the browser: it links the file once and
 * resolves when it has loaded (or failed to: the page still works, unstyled).
 */
function linkStylesheetModule(href: string): string {
  return `const href = ${JSON.stringify(href)};
if (!document.querySelector(\`link[rel="stylesheet"][href="\${href}"]\`)) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  await new Promise((done) => { link.onload = done; link.onerror = done; document.head.append(link); });
}
`;
}
