import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Bundles an entry for the browser with esbuild (installed with tsx and vite), as the designer's bundler would. */
async function browserBundleErrors(entry: string): Promise<string[]> {
  const { build } = await import('esbuild');
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    return [];
  } catch (err) {
    return ((err as { errors?: Array<{ text: string }> }).errors ?? [{ text: String(err) }]).map((e) => e.text);
  }
}

// The designer runs this compiler in the browser before deploying, so `definitions/` (tests aside) must not
// need Node: no built-in modules, no Node-only globals, and only packages known to bundle for the browser.
const BROWSER_PACKAGES = [
  '@zxcvbn-ts/core',
  '@zxcvbn-ts/language-common',
  'ajv',
  'ajv-formats',
  'ajv-errors',
  'ajv-i18n',
  'bpmn-moddle',
  'dmn-moddle',
  'zeebe-bpmn-moddle',
  'feelin',
  'luxon',
  'chinese-days',
  're2js',
  'croner',
];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]!]));
const NODE_GLOBALS = /\b(process\.(env|cwd|argv|exit|platform|version)|Buffer\.|__dirname|__filename|require\s*\()/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file loads: static imports and re-exports, side-effect imports, `import()` and `require()`. */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
}

function violations(root: string): string[] {
  const found: string[] = [];
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file).split('\\').join('/');
    for (const spec of specifiers(text)) {
      if (spec.startsWith('.')) continue;
      const bare = spec.startsWith('node:')
        ? spec
        : spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : spec.split('/')[0]!;
      if (spec.startsWith('node:') || NODE_BUILTINS.has(bare))
        found.push(`${where}: imports the Node built-in "${spec}"`);
      else if (!BROWSER_PACKAGES.includes(bare))
        found.push(`${where}: imports "${spec}", which is not known to run in the browser`);
    }
    const global = NODE_GLOBALS.exec(text.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, ''));
    if (global) found.push(`${where}: uses the Node-only "${global[1]}"`);
  }
  return found;
}

describe('definitions/ runs in the browser', () => {
  const root = fileURLToPath(new URL('.', import.meta.url));

  it('scans a real set of source files', () => {
    const files = sources(root).map((f) => relative(root, f).split('\\').join('/'));
    expect(files).toEqual(
      expect.arrayContaining([
        'compile.ts',
        'index.ts',
        'bpmn/parse.ts',
        'dmn/parse.ts',
        'forms/ajv.ts',
        'feel/syntax.ts',
        'fixtures/inline-bpmn.ts',
      ]),
    );
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  it('no source file of definitions/ imports a Node built-in, a Node-only global or an unvetted package', () => {
    expect(violations(root)).toEqual([]);
  });

  it('the scanner catches every way of reaching Node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicflow-browser-'));
    mkdirSync(join(dir, 'bpmn'));
    writeFileSync(
      join(dir, 'a.ts'),
      "import { readFileSync } from 'node:fs';\nimport path from 'path';\nexport * from 'fs/promises';\n",
    );
    writeFileSync(
      join(dir, 'bpmn', 'b.ts'),
      "import 'crypto';\nconst os = await import('os');\nimport knex from 'knex';\n",
    );
    writeFileSync(join(dir, 'c.ts'), "import type { X } from '@koa/router';\nexport const home = process.env.HOME;\n");
    writeFileSync(
      join(dir, 'ok.ts'),
      "import { Ajv } from 'ajv';\nimport { DateTime } from 'luxon';\nimport { x } from './a.js';\n// process.env in a comment is fine\n",
    );
    writeFileSync(join(dir, 'ok.test.ts'), "import { readFileSync } from 'node:fs';\n");
    expect(violations(dir).sort()).toEqual([
      'a.ts: imports the Node built-in "fs/promises"',
      'a.ts: imports the Node built-in "node:fs"',
      'a.ts: imports the Node built-in "path"',
      'bpmn/b.ts: imports "knex", which is not known to run in the browser',
      'bpmn/b.ts: imports the Node built-in "crypto"',
      'bpmn/b.ts: imports the Node built-in "os"',
      'c.ts: imports "@koa/router", which is not known to run in the browser',
      'c.ts: uses the Node-only "process.env"',
    ]);
  });

  it('bundles for the browser with everything it imports (packages included)', async () => {
    expect(await browserBundleErrors(join(root, 'index.ts'))).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'civicflow-bundle-'));
    writeFileSync(join(dir, 'bad.ts'), "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect((await browserBundleErrors(join(dir, 'bad.ts'))).join('\n')).toContain('node:fs');
  });
});
