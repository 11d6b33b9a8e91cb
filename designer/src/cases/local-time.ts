import type { Locale } from '../app/i18n/index.js';

/** "2026-12-08 09:12" in Beijing time, whatever the browser's zone: the time people at the centre read. */
export function localTime(iso: string, locale: Locale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
