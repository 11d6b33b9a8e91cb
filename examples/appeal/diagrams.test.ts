// The shipped processes open cleanly in the designer: they compile, every element and flow is
// drawn, and no label covers another label, a shape or a line.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { compile, type Resource } from '../../definitions/index.js';

const DIR = import.meta.dirname;
const read = (name: string): Resource => ({
  name,
  content: name.endsWith('.json')
    ? JSON.parse(readFileSync(join(DIR, name), 'utf8'))
    : readFileSync(join(DIR, name), 'utf8'),
});
const FORMS = readdirSync(DIR)
  .filter((n) => n.endsWith('.form.json'))
  .concat(
    readdirSync(join(DIR, 'variants'))
      .filter((n) => n.endsWith('.form.json'))
      .map((n) => `variants/${n}`),
  );
const DIAGRAMS = readdirSync(DIR)
  .filter((n) => n.endsWith('.bpmn'))
  .concat(
    readdirSync(join(DIR, 'variants'))
      .filter((n) => n.endsWith('.bpmn'))
      .map((n) => `variants/${n}`),
  );

type Box = { id: string; x: number; y: number; w: number; h: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const box = (id: string, b: { x: number; y: number; width: number; height: number }): Box => ({
  id,
  x: b.x,
  y: b.y,
  w: b.width,
  h: b.height,
});
type Point = { x: number; y: number };
type Edge = { id: string; points: Point[] };
/** Whether a flow's line passes through a box (sampled every pixel along each segment). */
const crosses = (e: Edge, b: Box) =>
  e.points.slice(1).some((to, i) => {
    const from = e.points[i]!;
    const steps = Math.max(Math.abs(to.x - from.x), Math.abs(to.y - from.y), 1);
    for (let k = 0; k <= steps; k++) {
      const x = from.x + ((to.x - from.x) * k) / steps;
      const y = from.y + ((to.y - from.y) * k) / steps;
      if (x > b.x && x < b.x + b.w && y > b.y && y < b.y + b.h) return true;
    }
    return false;
  });
/** bpmn-js's size for an external label the diagram gives no bounds (`DEFAULT_LABEL_SIZE`). */
const LABEL = { width: 90, height: 20 };
const EXTERNAL_LABEL = /Event$|Gateway$|^bpmn:Data(Object|Store)Reference$/;

/**
 * The shapes and the labels as bpmn-js draws them: a named event, gateway or flow without label
 * bounds gets its default place (below the shape, at the middle of the flow), so it is checked too.
 */
async function layoutOf(xml: string): Promise<{ shapes: Box[]; labels: Box[]; edges: Edge[] }> {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const shapes: Box[] = [];
  const labels: Box[] = [];
  const edges: Edge[] = [];
  for (const di of rootElement.diagrams[0].plane.planeElement as ModdleElement[]) {
    const element = di.bpmnElement as ModdleElement;
    const id = element.id as string;
    const own = di.label?.bounds;
    if (di.$type === 'bpmndi:BPMNShape') {
      const b = di.bounds;
      shapes.push(box(id, b));
      if (own) labels.push(box(id, own));
      else if (element.name && EXTERNAL_LABEL.test(element.$type))
        labels.push(box(id, { ...LABEL, x: b.x + b.width / 2 - LABEL.width / 2, y: b.y + b.height }));
      continue;
    }
    const points = di.waypoint as Point[];
    edges.push({ id, points });
    if (own) labels.push(box(id, own));
    else if (element.name) {
      const from = points[Math.floor((points.length - 1) / 2)]!;
      const to = points[Math.floor((points.length - 1) / 2) + 1]!;
      const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
      labels.push(box(id, { ...LABEL, x: mid.x - LABEL.width / 2, y: mid.y - LABEL.height / 2 }));
    }
  }
  return { shapes, labels, edges };
}

describe.each(DIAGRAMS)('%s', (file) => {
  const xml = readFileSync(join(DIR, file), 'utf8');

  it('compiles with the city’s forms and 派单目录', async () => {
    const r = await compile([read(file), read('referral.dmn'), ...FORMS.map(read)]);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([]);
  });

  it('draws every element and flow', () => {
    const elements = [
      ...xml.matchAll(
        /<bpmn:(?!process|definitions|incoming|outgoing|extensionElements|conditionExpression|timerEventDefinition|timeDuration)\w+ id="([^"]+)"/g,
      ),
    ].map((m) => m[1]);
    const drawn = new Set([...xml.matchAll(/bpmnElement="([^"]+)"/g)].map((m) => m[1]));
    expect(elements.filter((id) => !drawn.has(id))).toEqual([]);
  });

  it('names every step in Chinese, and no label covers another label, a shape or a line', async () => {
    const names = [
      ...xml.matchAll(/<bpmn:(?:userTask|businessRuleTask|endEvent|startEvent) id="[^"]+" name="([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(names.filter((n) => !/[\u4e00-\u9fff]/.test(n))).toEqual([]);
    const { shapes, labels, edges } = await layoutOf(xml);
    expect(labels.length).toBeGreaterThan(1);
    const clashes: string[] = [];
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) if (overlap(a, b)) clashes.push(`${a.id} label / ${b.id} label`);
      for (const s of shapes) if (overlap(a, s)) clashes.push(`${a.id} label / ${s.id}`);
      for (const e of edges) if (e.id !== a.id && crosses(e, a)) clashes.push(`${a.id} label / ${e.id} line`);
    }
    expect(clashes).toEqual([]);
  });
});
