import { parseCircular, parseDependencyTree } from 'dpdm';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;
const UNDER_SRC = new RegExp(`^${SRC.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);

/** designer/src's own import graph: type-only and lazy imports count, other parts and packages do not. */
async function importGraph() {
  return parseDependencyTree(['**/*.ts', '**/*.tsx'], {
    context: SRC,
    cwd: SRC,
    tsconfig: join(SRC, '..', 'tsconfig.json'),
    include: UNDER_SRC,
    exclude: /\.test\.ts$/,
    transform: false,
    skipDynamicImports: false,
  });
}

describe('designer/src imports', () => {
  it('form no cycle (a page reaches the app only through app/AppContext, never App)', async () => {
    const tree = await importGraph();
    const unresolved = Object.values(tree)
      .flatMap((deps) => deps ?? [])
      .filter((d) => d.request.startsWith('.') && d.id === null);
    // A relative import that does not resolve would hide its edges from the check.
    expect(unresolved.map((d) => `${d.issuer} → ${d.request}`)).toEqual([]);
    expect(Object.keys(tree)).toContain('app/App.tsx');
    const cycles = parseCircular(tree);
    expect(cycles.map((c) => c.join(' → '))).toEqual([]);
  });
});
