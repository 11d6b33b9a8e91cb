// esbuild plugins for the designer build (designer/build.ts).
import { build, type Plugin } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** File loaders shared by the app build and the lazily linked stylesheets (fonts, icons). */
export const ASSET_LOADERS = {
  '.woff': 'file',
  '.woff2': 'file',
  '.eot': 'file',
  '.ttf': 'file',
  '.svg': 'file',
} as const;

/** Marks the plugins' own `resolve` calls, which every plugin lets esbuild answer (else they would call each other forever). */
const NESTED_RESOLVE = { nestedResolve: true };

/**
 * The designer reaches definitions/ and engine/ through their `index.ts` (test/architecture.test.ts),
 * barrels that re-export every compiler and the whole engine. esbuild places a module in the chunks
 * of every page whose imports reach it, used or not, so through a barrel the public form page would
 * load the FEEL parser, the BPMN moddle and the calendar polyfill with the chunks it shares with the
 * inbox and the designer (and the inbox, whose forms evaluate FEEL, the holiday calendar and the
 * BPMN compiler). This plugin rewrites, at build time only, each `import { a, b } from '…/definitions/index.js'`
 * (or `…/engine/index.js`) in designer/src into imports of the modules that define `a` and `b`, so a
 * page loads what it names; the engine's own imports of definitions/ likewise. A name it cannot
 * place stays imported from the barrel (correct, only larger).
 */
export function directDefinitionImports(options: {
  designerSrc: string;
  definitionsDir: string;
  engineDir?: string;
}): Plugin {
  // The engine's own imports of definitions/ too (its FEEL evaluation, which the task forms run).
  const roots = [options.designerSrc, ...(options.engineDir ? [options.engineDir] : [])].map((d) => resolve(d) + sep);
  const barrels = [options.definitionsDir, ...(options.engineDir ? [options.engineDir] : [])].map((d) =>
    join(resolve(d), 'index.ts'),
  );
  const exportsMaps = new Map<string, Map<string, { module: string; name: string }>>();
  return {
    name: 'direct-definition-imports',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (!roots.some((r) => args.path.startsWith(r)) || /\.test\.tsx?$/.test(args.path)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!/\/(definitions|engine)\/index\.js'/.test(text)) return undefined;
        const contents = text.replace(
          /import\s*\{([^}]*)\}\s*from\s*'([^']*\/(?:definitions|engine)\/index\.js)';/g,
          (statement, list: string, spec: string) => {
            const barrel = resolve(dirname(args.path), spec).replace(/\.js$/, '.ts');
            if (!barrels.includes(barrel)) return statement;
            let map = exportsMaps.get(barrel);
            if (!map) exportsMaps.set(barrel, (map = exportsOf(barrel)));
            const direct: string[] = [];
            const rest: string[] = [];
            for (const raw of list
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)) {
              if (raw.startsWith('type ')) continue; // types leave nothing in the bundle
              const [imported, local = imported] = raw.split(/\s+as\s+/) as [string, string?];
              const found = map.get(imported);
              if (found) direct.push(`import { ${found.name} as ${local} } from ${JSON.stringify(found.module)};`);
              else rest.push(raw);
            }
            return [
              ...direct,
              ...(rest.length > 0 ? [`import { ${rest.join(', ')} } from ${JSON.stringify(spec)};`] : []),
            ].join(' ');
          },
        );
        return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Where each value a module exports is defined: its `export { a as b } from`, `export * from` (followed) and own `export const|function|class`. */
function exportsOf(module: string, seen = new Set<string>()): Map<string, { module: string; name: string }> {
  const out = new Map<string, { module: string; name: string }>();
  if (seen.has(module) || !existsSync(module)) return out;
  seen.add(module);
  const text = readFileSync(module, 'utf8');
  const target = (spec: string) => resolve(dirname(module), spec).replace(/\.js$/, '.ts');
  for (const m of text.matchAll(/export\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    const from = target(m[2]!);
    const inner = exportsOf(from, seen);
    for (const raw of m[1]!
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x && !x.startsWith('type '))) {
      const [name, alias = name] = raw.split(/\s+as\s+/) as [string, string?];
      out.set(alias, inner.get(name) ?? { module: from, name });
    }
  }
  for (const m of text.matchAll(/export\s*\*\s*from\s*'([^']+)'/g)) {
    for (const [k, v] of exportsOf(target(m[1]!), seen)) if (!out.has(k)) out.set(k, v);
  }
  for (const m of text.matchAll(
    /^export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function\*?|class|enum)\s+([A-Za-z_$][\w$]*)/gm,
  )) {
    out.set(m[1]!, { module, name: m[1]! });
  }
  return out;
}

/**
 * rjsf renders a field's description as Markdown only when its uiSchema asks
 * (`ui:enableMarkdownInDescription`), yet imports markdown-to-jsx (85 KB) for every form. Here its
 * `Markdown` component loads on first use instead (React.lazy, inside the pages' Suspense).
 */
export function lazyMarkdown(): Plugin {
  return {
    name: 'lazy-markdown',
    setup(b) {
      b.onResolve({ filter: /^markdown-to-jsx\/react$/ }, async (args) => {
        if (args.pluginData === NESTED_RESOLVE) return undefined;
        const real = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: NESTED_RESOLVE,
        });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: real.path, namespace: 'lazy-markdown' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-markdown' }, (args) => ({
        contents: `import { createElement, lazy } from 'react';
const Real = lazy(() => import(${JSON.stringify(args.path)}).then((m) => ({ default: m.Markdown })));
export function Markdown(props) { return createElement(Real, props); }
`,
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
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
        // `with { type: 'text' }` asks for the stylesheet's text (the module applies it itself): left to esbuild.
        if (args.pluginData === NESTED_RESOLVE || args.kind !== 'import-statement' || args.with.type !== undefined)
          return undefined;
        if (resolve(args.importer) === entry || args.importer.endsWith('.css')) return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: NESTED_RESOLVE,
        });
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
        const href = `/${relative(options.outdir, resolve(css)).split(sep).join('/')}`;
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

/** Builds `to` wherever `from` is imported (both absolute paths): one build's own version of a module. */
export function replaceModule(options: { from: string; to: string }): Plugin {
  const from = resolve(options.from);
  return {
    name: 'replace-module',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === NESTED_RESOLVE || !args.path.startsWith('.')) return undefined;
        const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '');
        if (target !== from.replace(/\.tsx?$/, '')) return undefined;
        return { path: resolve(options.to) };
      });
    },
  };
}

/**
 * A build's texts cut to the messages its modules name: each of `modules` (designer/src/app/i18n/
 * zh-CN.ts, en.ts: `export const <name> = { key: text, … }`) is built as an object of only the keys
 * that occur as a quoted word in `sources` (the files of the build). For the public pages, which
 * use a few dozen of the app's texts; a key they build at run time would read as the key itself
 * (translate falls back to it), so keys are named in full in their code.
 */
export function usedMessages(options: { modules: string[]; sources: string[] }): Plugin {
  const modules = new Set(options.modules.map((m) => resolve(m)));
  const words = new Set<string>();
  for (const source of options.sources)
    for (const m of readFileSync(source, 'utf8').matchAll(/['"`]([A-Za-z_][\w]*)['"`]/g)) words.add(m[1]!);
  return {
    name: 'used-messages',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!modules.has(resolve(args.path))) return undefined;
        const exported = (await import(pathToFileURL(args.path).href)) as Record<string, unknown>;
        const contents = Object.entries(exported)
          .filter(([, v]) => typeof v === 'object' && v !== null)
          .map(([name, texts]) => {
            const used = Object.entries(texts as Record<string, string>).filter(([k]) => words.has(k));
            return `export const ${name} = ${JSON.stringify(Object.fromEntries(used))};`;
          })
          .join('\n');
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}
