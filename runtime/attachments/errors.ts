import type { Locale } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';

/** What each refusal of an upload or a download tells the person to do. */
const MESSAGES: Record<string, { status: number; zh: string; en: string }> = {
  ATTACHMENT_REQUIRED: {
    status: 400,
    zh: '请选择一个文件上传（表单字段 file）',
    en: 'send one file in the multipart field "file"',
  },
  ATTACHMENT_NOT_MULTIPART: {
    status: 415,
    zh: '请以 multipart/form-data 方式上传文件',
    en: 'send the file as multipart/form-data',
  },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: '文件超过大小上限 {limit}，请压缩或拆分后再上传',
    en: 'the file is larger than {limit}; compress or split it',
  },
  ATTACHMENT_TYPE_UNKNOWN: {
    status: 415,
    zh: '无法识别文件类型；只能上传照片、PDF 或 Office 文档',
    en: 'the file type cannot be recognised; upload a photo, a PDF or an Office document',
  },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '不支持此类文件；只能上传照片、PDF 或 Office 文档',
    en: 'this kind of file is not accepted; upload a photo, a PDF or an Office document',
  },
  ATTACHMENT_TYPE_MISMATCH: {
    status: 415,
    zh: '文件内容与扩展名不符，请以正确的扩展名上传',
    en: 'the file content does not match its extension; upload it under its real extension',
  },
  ATTACHMENT_CASE_FULL: {
    status: 409,
    zh: '本案附件已达上限（{limit} 个），请先整理后再上传',
    en: 'the case already holds {limit} attachments, the most it may',
  },
  ATTACHMENT_TENANT_FULL: {
    status: 409,
    zh: '本单位附件存储空间已满，请联系系统管理员',
    en: 'your unit has used all its attachment storage; ask an administrator',
  },
  ATTACHMENT_CASE_CLOSED: {
    status: 409,
    zh: '案件已办结或已撤销，不能再上传附件',
    en: 'the case is closed; no more attachments can be added',
  },
  ATTACHMENT_FILE_MISSING: {
    status: 410,
    zh: '附件文件已丢失，请联系系统管理员从备份恢复',
    en: "the attachment's file is missing from storage; ask an administrator to restore it from backup",
  },
};

export function attachmentRefused(
  code: keyof typeof MESSAGES & string,
  locale: Locale,
  vars: Record<string, string> = {},
): ApiError {
  const m = MESSAGES[code]!;
  const text = (locale === 'zh-CN' ? m.zh : m.en).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
  return new ApiError(m.status, code, text);
}

/** 20971520 → "20 MB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
