import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const engineRoot = resolve(import.meta.dirname);
// The project's compiler options let the parser resolve `./x.js` specifiers to `./x.ts` files.
const tsconfig = resolve(engineRoot, '..', 'tsconfig.json');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Import cycles among the files under `dir`, type-only imports included, each as a list of paths relative to `dir`. */
async function importCycles(dir: string): Promise<string[][]> {
  const tree = await parseDependencyTree(sourceFiles(dir), {
    context: dir,
    tsconfig,
    transform: false,
    skipDynamicImports: false,
  });
  return parseCircular(tree).map((cycle) => cycle.map((file) => relative(dir, resolve(dir, file))));
}

describe('engine import graph', () => {
  it('has no import cycle', async () => {
    const tree = await parseDependencyTree(sourceFiles(engineRoot), {
      context: engineRoot,
      tsconfig,
      transform: false,
    });
    const unresolved = Object.values(tree).flatMap((deps) =>
      (deps ?? []).filter((d) => d.id === null && d.request.startsWith('.')),
    );
    expect(unresolved).toEqual([]);
    expect(await importCycles(engineRoot)).toEqual([]);
  }, 60_000);

  it('finds a cycle when there is one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicflow-cycle-'));
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = () => b;\n");
    writeFileSync(join(dir, 'b.ts'), "import type { a } from './a.js';\nexport const b = 1 as unknown as typeof a;\n");
    expect(await importCycles(dir)).toEqual([['a.ts', 'b.ts']]);
  });

  it('the kernel reaches elements only through their registry', () => {
    const kernel = join(engineRoot, 'kernel');
    const reached = sourceFiles(kernel)
      .filter((file) => !file.endsWith('.test.ts'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/from\s*['"](\.\.\/elements\/[^'"]+)['"]/g)].map(
          (m) => `${relative(kernel, file)} → ${m[1]}`,
        ),
      )
      .filter((edge) => !edge.endsWith('../elements/registry.js'));
    expect(reached).toEqual([]);
  });
});
