import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ReplaceOptions from 'bpmn-js/lib/features/replace/ReplaceOptions.js';
import { describe, expect, it } from 'vitest';
import { hasChinese, modelerTranslate } from './modeler-translations.js';

describe('the modeler in Chinese', () => {
  it('has every replace-menu entry of bpmn-js in Chinese', () => {
    const labels = Object.values(ReplaceOptions as Record<string, unknown>).flatMap((list) =>
      Array.isArray(list)
        ? list.map((o: { label?: string }) => o.label).filter((l): l is string => typeof l === 'string')
        : [],
    );
    expect(labels.length).toBeGreaterThan(50);
    expect(labels.filter((l) => !hasChinese(l))).toEqual([]);
  });

  it('has every element type the properties panel header can name in Chinese', () => {
    // The panel names an element by its concrete type ("Expanded Ad Hoc Sub Process"); its icon table lists them all.
    const source = readFileSync(createRequire(import.meta.url).resolve('bpmn-js-properties-panel'), 'utf8');
    const table = /var iconsByType = \{([\s\S]*?)\};/.exec(source)?.[1] ?? '';
    const labels = [...table.matchAll(/'(\w+)':/g)].map((m) =>
      m[1]!.replace(/(\B[A-Z])/g, ' $1').replace(/(\bNon Interrupting)/g, '($1)'),
    );
    expect(labels.length).toBeGreaterThan(100);
    expect(labels.filter((l) => !hasChinese(l))).toEqual([]);
  });

  it('has every label of the execution-listeners group (which the engine runs) in Chinese', () => {
    const source = readFileSync(createRequire(import.meta.url).resolve('bpmn-js-properties-panel'), 'utf8');
    const slice = (from: string, to: string) =>
      source.slice(source.indexOf(from), source.indexOf(to, source.indexOf(from)));
    const code = [
      slice('function ListenerType$1(', 'const FORM_KEY_PREFIX'),
      slice('function ExecutionListenersGroup(', 'function TaskListenersGroup('),
      slice("'group-Zeebe__ExecutionListeners'", '});'),
    ].join('\n');
    const labels = [...code.matchAll(/translate\('([^']+)'/g)].map((m) => m[1]!);
    expect(labels).toEqual(expect.arrayContaining(['Execution listeners', 'Listener type', 'Retries', 'Event type']));
    // The item titles: the event (the engine runs start and end) and the job type, or a placeholder.
    labels.push('Start', 'End', 'Start: {type}', 'End: {type}', '<no type>');
    expect(labels.filter((l) => !hasChinese(l))).toEqual([]);
    const zh = modelerTranslate('zh-CN');
    expect(zh('Start: {type}', { type: 'audit-log' })).toBe('开始：audit-log');
    expect(zh('End: {type}', { type: '<no type>' })).toBe('结束：（未填作业类型）');
    expect(modelerTranslate('en')('Start: {type}', { type: '<no type>' })).toBe('Start: <no type>');
  });

  it('translates the panel header types whatever their case, and fills placeholders; English stays English', () => {
    const zh = modelerTranslate('zh-CN');
    expect(zh('Timer Boundary Event (Non Interrupting)')).toBe('定时边界事件（非中断）');
    expect(zh('User Task')).toBe('用户任务');
    expect(zh('Open {element}', { element: '子流程' })).toBe('打开 子流程');
    expect(modelerTranslate('en')('User Task')).toBe('User Task');
  });
});
