import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// Which top-level part may import which. Anything not listed is forbidden.
const ALLOWED: Record<string, string[]> = {
  definitions: [],
  engine: ['definitions'],
  runtime: ['engine', 'definitions'],
  designer: ['definitions', 'engine'],
  examples: ['runtime', 'engine', 'definitions'],
};
const PARTS = Object.keys(ALLOWED);
const projectRoot = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specs.map((m) => m[1] ?? m[2]!).filter((s) => s.startsWith('.'));
}

interface Violation { file: string; spec: string; why: string }

function findViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const part of PARTS) {
    for (const file of sourceFiles(join(root, part))) {
      for (const spec of relativeImports(file)) {
        const target = relative(root, resolve(dirname(file), spec));
        const [targetPart, ...rest] = target.split(sep);
        if (!targetPart || targetPart === part || !PARTS.includes(targetPart)) continue;
        // Benchmark harnesses may share workloads and peer drivers: they are tooling, not product code.
        const benchToBench = relative(root, file).split(sep)[1] === 'bench' && rest[0] === 'bench';
        if (!ALLOWED[part]!.includes(targetPart)) {
          violations.push({ file: relative(root, file), spec, why: `${part} must not depend on ${targetPart}` });
        } else if (!benchToBench && rest.join('/') !== 'index.js' && rest.join('/') !== 'index.ts') {
          violations.push({ file: relative(root, file), spec, why: `reach ${targetPart} through its index.ts only` });
        }
      }
    }
  }
  return violations;
}

describe('architecture', () => {
  it('keeps the dependency direction and imports other parts only through index.ts', () => {
    expect(findViolations(projectRoot)).toEqual([]);
  });

  it('the checker catches a backwards import and a reach into internals', () => {
    const root = mkdtempSync(join(tmpdir(), 'civicflow-arch-'));
    for (const part of ['definitions', 'engine', 'runtime', 'runtime/bench']) mkdirSync(join(root, part));
    writeFileSync(join(root, 'runtime', 'bench', 'ok.ts'), "import { w } from '../../engine/bench/workload.js';\n");
    writeFileSync(join(root, 'runtime', 'd.ts'), "import { w } from '../engine/bench/workload.js';\n");
    writeFileSync(join(root, 'definitions', 'a.ts'), "import { run } from '../engine/index.js';\n");
    writeFileSync(join(root, 'engine', 'b.ts'), "import { x } from '../definitions/model/types.js';\n");
    writeFileSync(join(root, 'engine', 'c.ts'), "import { compile } from '../definitions/index.js';\n");
    expect(findViolations(root).map((v) => v.why)).toEqual([
      'definitions must not depend on engine',
      'reach definitions through its index.ts only',
      'reach engine through its index.ts only',
    ]);
  });
});
