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
  const say = (text: string) => (locale === 'zh-CN' ? (ZH.get(normal(text)) ?? text) : text);
  // A placeholder the library fills in itself ("Start: {type}" with "<no type>") is said too; names are not.
  const fill = (value: string) => (/^<[^>]+>$/.test(value) ? say(value) : value);
  return (template: string, replacements: Record<string, string> = {}): string =>
    say(template).replace(/{([^}]+)}/g, (_, key: string) =>
      replacements[key] === undefined ? `{${key}}` : fill(String(replacements[key])),
    );
}

/** Whether a text has a Chinese translation (for tests of the menus' coverage). */
export function hasChinese(template: string): boolean {
  return ZH.has(normal(template));
}
