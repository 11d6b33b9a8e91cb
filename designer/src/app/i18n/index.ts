// The app's texts: Simplified Chinese by default, English kept complete (a test checks both
// locales have the same keys).
import { en } from './en.js';
import { zh, type MessageKey } from './zh-CN.js';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';

/** A text of the current locale, placeholders (`{name}`) filled in. */
export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return (MESSAGES[locale][key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function initialLocale(): Locale {
  const storage = (globalThis as { localStorage?: { getItem(key: string): string | null } }).localStorage;
  const saved = storage?.getItem('civicflow.locale');
  return saved === 'en' ? 'en' : 'zh-CN';
}
