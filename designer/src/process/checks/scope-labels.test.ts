import { describe, expect, it } from 'vitest';
import { scopeLabels } from './scope-labels.js';

describe('the token simulation’s instances', () => {
  it('are numbered as they first show, the same id keeping its number', () => {
    const zh = scopeLabels('zh-CN');
    expect(['k3x9q2', 'a81bz0', 'k3x9q2'].map(zh.label)).toEqual(['实例1', '实例2', '实例1']);
    expect(scopeLabels('en').label('k3x9q2')).toBe('Instance 1');
  });
});
