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

  it('translates the panel header types whatever their case, and fills placeholders; English stays English', () => {
    const zh = modelerTranslate('zh-CN');
    expect(zh('Timer Boundary Event (Non Interrupting)')).toBe('定时边界事件（非中断）');
    expect(zh('User Task')).toBe('用户任务');
    expect(zh('Open {element}', { element: '子流程' })).toBe('打开 子流程');
    expect(modelerTranslate('en')('User Task')).toBe('User Task');
  });
});
