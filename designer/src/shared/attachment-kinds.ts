import type { MessageKey } from '../app/i18n/index.js';

/** The attachment policy's kinds (附件规则) in words and as the file picker's `accept`. */
const KIND_NAMES: Record<string, MessageKey> = { photo: 'fileKindPhoto', pdf: 'fileKindPdf', office: 'fileKindOffice' };
const ACCEPT: Record<string, string> = {
  photo: 'image/*,.heic',
  pdf: '.pdf',
  office: '.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp',
};

/** `<input accept>` for the kinds a unit allows (the server still decides by the bytes). */
export const acceptOf = (kinds: readonly string[]) =>
  kinds
    .map((k) => ACCEPT[k])
    .filter(Boolean)
    .join(',');

/** The kinds in words, e.g. 照片、PDF (English: photos, PDF). */
export const kindsTextOf = (kinds: readonly string[], t: (key: MessageKey) => string, locale = 'zh-CN') =>
  kinds.map((k) => t(KIND_NAMES[k] ?? 'fileKindPhoto')).join(locale === 'zh-CN' ? '、' : ', ');

/** 1536000 → "1.5 MB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
