import { describe, expect, it } from 'vitest';
import { MESSAGES, translate } from './index.js';

describe('designer texts', () => {
  it('has every text in Chinese and in English', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES['zh-CN']).sort());
    for (const [key, text] of Object.entries(MESSAGES.en)) expect(text.length, key).toBeGreaterThan(0);
  });

  it('fills in placeholders', () => {
    expect(translate('zh-CN', 'deployed', { name: '诉求办理', version: 2, tenant: 'A镇综治中心' })).toBe(
      '已部署：流程「诉求办理」版本 2（A镇综治中心）',
    );
    expect(translate('en', 'deployFailed', { count: 3 })).toBe('Deployment failed: 3 problem(s)');
  });
});
