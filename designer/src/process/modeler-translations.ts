import type { Locale } from '../app/i18n/index.js';
import { MENUS_ZH } from './i18n/menus.zh.js';
import { PANEL_ZH } from './i18n/panel.zh.js';

/** Case and hyphens do not matter: the panel header says "Timer Boundary Event", the menu "Timer boundary event". */
function normal(text: string): string {
  return text.toLowerCase().replace(/-/g, ' ').replace(/\s+/g, ' ');
}

const ZH = new Map<string, string>(
  [...Object.entries(MENUS_ZH), ...Object.entries(PANEL_ZH)].map(([en, zh]) => [normal(en), zh]),
);

/** A diagram-js `translate` for the locale: palette, context pad, popup menus and the properties panel. */
export function modelerTranslate(locale: Locale) {
  return (template: string, replacements: Record<string, string> = {}): string => {
    const text = locale === 'zh-CN' ? (ZH.get(normal(template)) ?? template) : template;
    return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
  };
}

/** Whether a text has a Chinese translation (for tests of the menus' coverage). */
export function hasChinese(template: string): boolean {
  return ZH.has(normal(template));
}
