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

  it('translates the panel header types whatever their case, and fills placeholders; English stays English', () => {
    const zh = modelerTranslate('zh-CN');
    expect(zh('Timer Boundary Event (Non Interrupting)')).toBe('定时边界事件（非中断）');
    expect(zh('User Task')).toBe('用户任务');
    expect(zh('Open {element}', { element: '子流程' })).toBe('打开 子流程');
    expect(modelerTranslate('en')('User Task')).toBe('User Task');
  });
});
