import { describe, expect, it } from 'vitest';
import { MESSAGES, translate } from './index.js';

describe('designer texts', () => {
  it('has every text in Chinese and in English', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES['zh-CN']).sort());
    for (const [key, text] of Object.entries(MESSAGES.en)) expect(text.length, key).toBeGreaterThan(0);
  });

  it('fills in placeholders', () => {
    expect(translate('zh-CN', 'deployed', { key: 'appeal-loop', version: 2, tenant: 'town-a' })).toBe(
      '已部署：appeal-loop 版本 2（town-a）',
    );
    expect(translate('en', 'deployFailed', { count: 3 })).toBe('Deployment failed: 3 problem(s)');
  });
});
