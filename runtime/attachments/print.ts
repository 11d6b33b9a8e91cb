import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localTime } from '../cases/index.js';
import type { Deps } from '../platform/http/deps.js';
import { sizeText } from './errors.js';
import { attachmentsOf } from './service.js';
import type { AttachmentFiles } from './storage.js';

/** Photos a browser prints as they are (HEIC is listed, not shown). */
const PRINTABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp']);
/** A printed record carries at most this much of photos (each at most a quarter of it); the rest are listed. */
const PHOTO_BUDGET = 24 * 1024 * 1024;

const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const KIND: Array<[RegExp, string]> = [
  [/^image\//, '照片'],
  [/pdf$/, 'PDF'],
  [/(word|document|msword|text)/, '文字文档'],
  [/(sheet|excel)/, '电子表格'],
  [/(presentation|powerpoint)/, '演示文稿'],
];
const kindOf = (mediaType: string) => KIND.find(([re]) => re.test(mediaType))?.[1] ?? '文件';

/**
 * The printed case record's 附件 section: every attachment with its name, kind, size, step, who and
 * when; photos shown as images (embedded, so the print needs no further request).
 */
export async function printAttachments(deps: Deps, files: AttachmentFiles, instanceId: string): Promise<string> {
  const list = await attachmentsOf(deps.db.knex, instanceId);
  if (list.length === 0) return '<h2>附件</h2><p>（无）</p>';
  const rows = list
    .map(
      (a, i) =>
        `<tr><td>${i + 1}</td><td>${esc(a.fileName)}</td><td>${esc(kindOf(a.mediaType))}</td><td>${esc(sizeText(a.size))}</td><td>${esc(a.stepName ?? '')}</td><td>${esc(a.uploadedBy === 'public' ? '群众' : (a.uploadedByName ?? a.uploadedBy))}</td><td>${esc(localTime(a.createdAt))}</td></tr>`,
    )
    .join('');
  let budget = PHOTO_BUDGET;
  const photos: string[] = [];
  for (const [i, a] of list.entries()) {
    if (!PRINTABLE.has(a.mediaType) || a.size > PHOTO_BUDGET / 4 || a.size > budget) continue;
    const row = (await deps.db.knex('case_attachments').where({ id: a.id }).first('storage_key')) as
      | { storage_key: string }
      | undefined;
    const bytes = row ? await readFile(join(files.dir, row.storage_key)).catch(() => undefined) : undefined;
    if (!bytes) continue;
    budget -= bytes.length;
    photos.push(
      `<figure><img src="data:${a.mediaType};base64,${bytes.toString('base64')}" alt="${esc(a.fileName)}"><figcaption>${i + 1}. ${esc(a.fileName)}</figcaption></figure>`,
    );
  }
  return `<h2>附件</h2><table class="attachments"><tr><th>序号</th><th>名称</th><th>类型</th><th>大小</th><th>环节</th><th>上传人</th><th>上传时间</th></tr>${rows}</table>${
    photos.length ? `<div class="photos">${photos.join('')}</div>` : ''
  }`;
}
