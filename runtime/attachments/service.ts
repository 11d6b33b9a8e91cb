import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { StoredFile } from '@koa/multer';
import { fileTypeFromFile } from 'file-type';
import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import type { Deps } from '../platform/http/deps.js';
import { newId } from '../platform/ids.js';
import { appendHistory } from '../store/history.js';
import { attachmentRefused, kindsText } from './errors.js';
import { cleanFileName, judgeType, type AttachmentLimits } from './policy.js';
import type { AttachmentFiles } from './storage.js';
import type { AttachmentKind } from './tenant-policy.js';

/** An attachment as the API lists it. */
export interface Attachment {
  id: string;
  taskId: string | null;
  stepName: string | null;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedBy: string;
  uploadedByName: string | null;
  createdAt: string;
}

export interface AttachmentRow {
  id: string;
  instance_id: string;
  tenant_id: string;
  task_id: string | null;
  element_id: string | null;
  step_name: string | null;
  file_name: string;
  media_type: string;
  size: number | string;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  created_at: string;
}

export interface Upload {
  instance: InstanceRow;
  /** The step it was attached at, when uploaded from a task. */
  step?: { taskId: string; elementId: string; name: string | null };
  uploader: string;
  file: StoredFile;
  locale: Locale;
}

/** Refused before the body is read: a closed case, or one that holds its maximum already. */
export async function checkRoomFor(
  db: Knex,
  instance: InstanceRow,
  limits: AttachmentLimits,
  locale: Locale,
): Promise<void> {
  if (instance.status !== 'active') throw attachmentRefused('ATTACHMENT_CASE_CLOSED', locale);
  if ((await countOf(db, instance.id)) >= limits.maxPerCase)
    throw attachmentRefused('ATTACHMENT_CASE_FULL', locale, { limit: String(limits.maxPerCase) });
}

/**
 * The one writer of `case_attachments`: checks the bytes are what the name says and an accepted
 * kind, the case's and the tenant's bounds, then keeps the file and records it (row and a history
 * event for the timeline) in one transaction. A refused upload leaves nothing behind.
 */
export async function addAttachment(
  deps: Deps,
  files: AttachmentFiles,
  policy: { limits: AttachmentLimits; kinds: readonly AttachmentKind[] },
  u: Upload,
): Promise<Attachment> {
  const limits = policy.limits;
  let kept: string | undefined;
  try {
    const { fileName, mediaType, sha256 } = await inspectUpload(u.file, policy.kinds, u.locale);
    const now = deps.clock.now();
    const id = newId();
    const row = await deps.db.knex.transaction(async (trx) => {
      await checkRoomFor(trx, u.instance, limits, u.locale);
      if ((await tenantBytes(trx, u.instance.tenant_id)) + u.file.size > limits.maxBytesPerTenant)
        throw attachmentRefused('ATTACHMENT_TENANT_FULL', u.locale);
      kept = await files.keep(u.file.path, u.instance.tenant_id, id);
      const r: AttachmentRow = {
        id,
        instance_id: u.instance.id,
        tenant_id: u.instance.tenant_id,
        task_id: u.step?.taskId ?? null,
        element_id: u.step?.elementId ?? null,
        step_name: u.step?.name ?? null,
        file_name: fileName,
        media_type: mediaType,
        size: u.file.size,
        sha256,
        storage_key: kept,
        uploaded_by: u.uploader,
        created_at: now,
      };
      await trx('case_attachments').insert(r);
      await appendHistory(trx, u.instance.id, now, u.uploader, [
        {
          type: 'attachmentAdded',
          elementId: u.step?.elementId ?? null,
          data: { attachmentId: id, fileName, size: u.file.size, taskId: u.step?.taskId ?? null },
        },
      ]);
      return r;
    });
    const uploader = (await deps.db.knex('users').where({ username: u.uploader }).first('display_name')) as
      | { display_name: string }
      | undefined;
    return attachmentView(row, uploader?.display_name ?? null);
  } catch (err) {
    if (kept) await files.discard(`${files.dir}/${kept}`);
    throw err;
  } finally {
    await files.discard(u.file.path);
  }
}

/** A case's attachments, oldest first, with the uploader's name. */
export async function attachmentsOf(db: Knex, instanceId: string): Promise<Attachment[]> {
  const rows = (await db('case_attachments as a')
    .leftJoin('users as u', 'u.username', 'a.uploaded_by')
    .where('a.instance_id', instanceId)
    .orderBy([{ column: 'a.created_at' }, { column: 'a.id' }])
    .select('a.*', 'u.display_name')) as Array<AttachmentRow & { display_name: string | null }>;
  return rows.map((r) => attachmentView(r, r.display_name));
}

export async function attachmentRow(db: Knex, id: string): Promise<AttachmentRow | undefined> {
  return (await db('case_attachments').where({ id }).first()) as AttachmentRow | undefined;
}

async function countOf(db: Knex, instanceId: string): Promise<number> {
  const row = (await db('case_attachments').where({ instance_id: instanceId }).count({ n: '*' }).first()) as
    | { n: number | string }
    | undefined;
  return Number(row?.n ?? 0);
}

/** The bytes a tenant keeps: its cases' attachments and the public uploads not yet submitted. */
export async function tenantBytes(db: Knex, tenant: string): Promise<number> {
  const sum = async (table: string, unused: boolean) => {
    let q = db(table).where({ tenant_id: tenant });
    if (unused) q = q.whereNull('used_at');
    const row = (await q.sum({ total: 'size' }).first()) as { total: number | string | null } | undefined;
    return Number(row?.total ?? 0);
  };
  return (await sum('case_attachments', false)) + (await sum('intake_uploads', true));
}

/** What an upload is, from its bytes: refused unless an allowed kind named as what it is; its kept name and hash. */
export async function inspectUpload(
  file: StoredFile,
  kinds: readonly AttachmentKind[],
  locale: Locale,
): Promise<{ fileName: string; mediaType: string; sha256: string }> {
  const fileName = cleanFileName(file.originalname);
  const verdict = judgeType(await fileTypeFromFile(file.path), fileName, kinds);
  if (!verdict.ok) {
    const code =
      verdict.reason === 'unknown'
        ? 'ATTACHMENT_TYPE_UNKNOWN'
        : verdict.reason === 'mismatch'
          ? 'ATTACHMENT_TYPE_MISMATCH'
          : 'ATTACHMENT_TYPE_NOT_ALLOWED';
    throw attachmentRefused(code, locale, { kinds: kindsText(kinds, locale) });
  }
  return { fileName, mediaType: verdict.mediaType, sha256: await hashOf(file.path) };
}

function hashOf(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

function attachmentView(r: AttachmentRow, uploaderName: string | null): Attachment {
  return {
    id: r.id,
    taskId: r.task_id,
    stepName: r.step_name,
    fileName: r.file_name,
    mediaType: r.media_type,
    size: Number(r.size),
    uploadedBy: r.uploaded_by,
    uploadedByName: uploaderName,
    createdAt: r.created_at,
  };
}
