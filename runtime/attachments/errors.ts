import type { Locale } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';
import { KIND_NAMES, type AttachmentKind } from './tenant-policy.js';

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
    zh: '无法识别文件类型；本单位只接受：{kinds}',
    en: 'the file type cannot be recognised; upload {kinds}',
  },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '不支持此类文件；本单位只接受：{kinds}',
    en: 'this kind of file is not accepted here; upload {kinds}',
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
  ATTACHMENT_POLICY_OVER_BOUND: {
    status: 422,
    zh: '{what}不能超过服务器上限 {limit}，请改小后再保存',
    en: '{what} may not exceed the server limit of {limit}',
  },
  ATTACHMENT_POLICY_PUBLIC_KIND: {
    status: 422,
    zh: '群众上报可上传的类型必须是本单位允许的类型之一，请先在“允许的类型”中勾选',
    en: 'the kinds the public may attach must be among the kinds allowed for staff',
  },
  INTAKE_UPLOADS_CLOSED: {
    status: 409,
    zh: '本单位未开放群众上传附件，请不要附带照片直接提交',
    en: 'this unit does not accept attachments from the public; submit without them',
  },
  INTAKE_TOO_MANY_FILES: {
    status: 409,
    zh: '照片最多 {limit} 张，请删掉多余的再提交',
    en: 'attach at most {limit} files',
  },
  INTAKE_UPLOAD_UNKNOWN: {
    status: 400,
    zh: '照片上传已失效或已被使用，请重新上传后再提交',
    en: 'an uploaded file has expired or was already used; upload it again',
  },
  ATTACHMENT_NOT_OF_CASE: {
    status: 400,
    zh: '表单中的附件不属于本案件，请在本环节重新上传',
    en: 'an attachment in the form does not belong to this case; upload it again at this step',
  },
  ATTACHMENT_READ_ONLY: {
    status: 403,
    zh: '您是本案的抄送人，只能查阅案卷，不能上传附件；如需补充材料，请联系承办人',
    en: 'the case was copied to you (CC): you may read it but not add attachments; ask its handler to add material',
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

/** "照片、PDF" — the kinds a unit allows, in the caller's words. */
export function kindsText(kinds: readonly AttachmentKind[], locale: Locale): string {
  if (kinds.length === 0) return locale === 'zh-CN' ? '（不接受附件）' : '(none)';
  return kinds
    .map((k) => (locale === 'zh-CN' ? KIND_NAMES[k].zh : KIND_NAMES[k].en))
    .join(locale === 'zh-CN' ? '、' : ', ');
}
