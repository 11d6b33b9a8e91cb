// The shipped processes open cleanly in the designer: they compile, every element and flow is
// drawn, and no label covers another label or a shape.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
  .filter((n) => n.startsWith('city-') && n.endsWith('.bpmn'))
  .concat(
    readdirSync(join(DIR, 'variants'))
      .filter((n) => n.endsWith('.bpmn'))
      .map((n) => `variants/${n}`),
  );

type Box = { id: string; x: number; y: number; w: number; h: number };
const boxesOf = (xml: string, re: RegExp): Box[] =>
  [...xml.matchAll(re)].map((m) => ({ id: m[1]!, x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) }));
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

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

  it('names every step in Chinese, and no label covers another label or a shape', () => {
    const names = [
      ...xml.matchAll(/<bpmn:(?:userTask|businessRuleTask|endEvent|startEvent) id="[^"]+" name="([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(names.filter((n) => !/[\u4e00-\u9fff]/.test(n))).toEqual([]);
    const shapes = boxesOf(
      xml,
      /<bpmndi:BPMNShape id="([^"]+)"[^>]*>\s*<dc:Bounds x="(-?\d+)" y="(-?\d+)" width="(\d+)" height="(\d+)"/g,
    );
    const labels = boxesOf(
      xml,
      /id="([^"]+)_di"[^>]*>(?:(?!<\/bpmndi:BPMN(?:Shape|Edge)>)[\s\S])*?<bpmndi:BPMNLabel><dc:Bounds x="(-?\d+)" y="(-?\d+)" width="(\d+)" height="(\d+)"/g,
    );
    expect(labels.length).toBeGreaterThan(5);
    const clashes: string[] = [];
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) if (overlap(a, b)) clashes.push(`${a.id} label / ${b.id} label`);
      for (const s of shapes) if (overlap(a, s)) clashes.push(`${a.id} label / ${s.id}`);
    }
    expect(clashes).toEqual([]);
  });
});
