import type { Locale } from '../app/i18n/index.js';
import { DMN_EN } from './i18n/dmn.en.js';
import { DMN_ZH } from './i18n/dmn.zh.js';

/** A dmn-js `translate` for the locale: the decision-table editor's head, menus, popups and messages. */
export function dmnTranslate(locale: Locale) {
  return (template: string, replacements: Record<string, string> = {}): string => {
    const text = (locale === 'zh-CN' ? DMN_ZH[template] : DMN_EN[template]) ?? template;
    return text.replace(/{\s*([^}\s]+)\s*}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
  };
}

/** Whether a text has a Chinese translation (for tests of the editor's coverage). */
export function hasChinese(template: string): boolean {
  return Object.hasOwn(DMN_ZH, template);
}
