import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import type { CompiledDeployment, Resource } from './model/index.js';

const file = (dir: URL, name: string): Resource => ({ name, content: readFileSync(new URL(name, dir), 'utf8') });
const appealDir = new URL('../examples/appeal/', import.meta.url);
const fixturesDir = new URL('./fixtures/camunda-modeler/', import.meta.url);

async function deployment(resources: Resource[], knownFormIds: string[] = []): Promise<CompiledDeployment> {
  const r = await compile(resources, { knownFormIds });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.resource}: ${p.message}`).join('\n'));
  return r.deployment;
}

/** Paths of anything JSON cannot carry faithfully: undefined, functions, non-finite numbers, class instances, cycles. */
function notPlainJson(value: unknown, path = '$', ancestors = new Set<object>()): string[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} is ${value}`];
  if (typeof value !== 'object') return [`${path} is a ${typeof value}`];
  if (ancestors.has(value)) return [`${path} is cyclic`];
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null)
    return [`${path} is a ${value.constructor?.name ?? 'class instance'}`];
  ancestors.add(value);
  const found = Array.isArray(value)
    ? value.flatMap((v, i) => notPlainJson(v, `${path}[${i}]`, ancestors))
    : Object.entries(value).flatMap(([k, v]) => notPlainJson(v, `${path}.${k}`, ancestors));
  ancestors.delete(value);
  return found;
}

describe('compiled definitions are plain, compact JSON', () => {
  const appealLoop = () =>
    deployment(
      ['appeal-loop.bpmn', 'appeal-intake.form.json', 'appeal-handle.form.json', 'appeal-followup.form.json'].map((n) =>
        file(appealDir, n),
      ),
    );
  const fixtures = () =>
    deployment(
      ['enterprise-appeal.bpmn', 'enterprise-appeal-routing.dmn', 'township-appeal.bpmn', 'supervision.bpmn'].map((n) =>
        file(fixturesDir, n),
      ),
      [
        'enterprise-appeal-intake',
        'enterprise-appeal-handle',
        'enterprise-appeal-assist',
        'enterprise-appeal-reply',
        'appeal-intake',
        'appeal-handle',
        'appeal-followup',
        'village-mediation',
        'supervision-order',
        'supervision-feedback',
        'supervision-evaluate',
      ],
    );

  it.each([
    ['the appeal loop', appealLoop],
    ['the Camunda Modeler fixtures (DMN, subprocesses, event subprocess, multi-instance, lanes)', fixtures],
  ])('%s survives a JSON round trip unchanged', async (_what, load) => {
    const d = await load();
    expect(notPlainJson(d)).toEqual([]);
    expect(JSON.parse(JSON.stringify(d))).toStrictEqual(d);
  });

  it('the checker notices what JSON would lose', () => {
    const shared = { a: 1 };
    const cyclic: Record<string, unknown> = { b: 2 };
    cyclic['self'] = cyclic;
    expect(
      notPlainJson({ u: undefined, f: () => 1, n: NaN, d: new Date(0), m: new Map(), list: [shared, shared], cyclic }),
    ).toEqual([
      '$.u is a undefined',
      '$.f is a function',
      '$.n is NaN',
      '$.d is a Date',
      '$.m is a Map',
      '$.cyclic.self is cyclic',
    ]);
  });

  // Measured when written: the compiled appeal loop is 5,065 characters of JSON (its BPMN is 12,954, diagram included).
  it('the compiled appeal loop is compact: about 5 KB, well under half its BPMN text', async () => {
    const d = await appealLoop();
    const size = JSON.stringify(d.processes[0]).length;
    const xmlSize = (file(appealDir, 'appeal-loop.bpmn').content as string).length;
    expect(size).toBeGreaterThan(1_000);
    expect(size).toBeLessThan(Math.min(12_000, xmlSize / 2));
  });
});
