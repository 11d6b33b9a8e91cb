import type { T } from '../app/i18n/index.js';

/** A field's value in words: 是/否, a list joined by 、, an entry of a repeatable list by its answers; never JSON. */
export function valueText(value: unknown, t: T): string {
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (Array.isArray(value))
    return value
      .map((v) => valueText(v, t))
      .filter((v) => v !== '')
      .join(value.some((v) => isRecord(v)) ? '；' : '、');
  if (value === null || value === undefined) return '';
  if (isRecord(value))
    return Object.values(value)
      .map((v) => valueText(v, t))
      .filter((v) => v !== '')
      .join('，');
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  return String(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
