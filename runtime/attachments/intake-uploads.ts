import { createHash, randomBytes } from 'node:crypto';
import type { StoredFile } from '@koa/multer';
import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';
import type { Deps } from '../platform/http/deps.js';
import { newId } from '../platform/ids.js';
import { appendHistory } from '../store/history.js';
import { attachmentRefused } from './errors.js';
import type { AttachmentLimits } from './policy.js';
import { inspectUpload, tenantBytes } from './service.js';
import type { AttachmentFiles } from './storage.js';
import type { AttachmentPolicy } from './tenant-policy.js';

/** An upload not named by a submission within this time is deleted (row and file). */
export const INTAKE_UPLOAD_TTL_MS = 24 * 60 * 60_000;

interface IntakeUploadRow {
  token_hash: string;
  id: string;
  tenant_id: string;
  file_name: string;
  media_type: string;
  size: number | string;
  sha256: string;
  storage_key: string;
  created_at: string;
  used_at: string | null;
  instance_id: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A citizen's photo uploaded before the appeal is submitted: checked like a staff upload (bytes,
 * kind, size) against the unit's public policy, kept, and answered with a token only the page
 * holds. The submission names the token in the form's file field.
 */
export async function keepIntakeUpload(
  deps: Deps,
  files: AttachmentFiles,
  policy: AttachmentPolicy,
  bounds: AttachmentLimits,
  tenant: string,
  file: StoredFile,
  locale: Locale,
): Promise<{ token: string; fileName: string; mediaType: string; size: number }> {
  let kept: string | undefined;
  try {
    if (policy.publicMaxFiles === 0 || policy.publicKinds.length === 0)
      throw attachmentRefused('INTAKE_UPLOADS_CLOSED', locale);
    await pruneIntakeUploads(deps.db.knex, files, deps.clock.now(), { tenant });
    const { fileName, mediaType, sha256 } = await inspectUpload(file, policy.publicKinds, locale);
    const token = randomBytes(24).toString('base64url');
    const id = newId();
    await deps.db.knex.transaction(async (trx) => {
      if ((await tenantBytes(trx, tenant)) + file.size > bounds.maxBytesPerTenant)
        throw attachmentRefused('ATTACHMENT_TENANT_FULL', locale);
      kept = await files.keep(file.path, tenant, id);
      await trx('intake_uploads').insert({
        token_hash: hashToken(token),
        id,
        tenant_id: tenant,
        file_name: fileName,
        media_type: mediaType,
        size: file.size,
        sha256,
        storage_key: kept,
        created_at: deps.clock.now(),
      });
    });
    return { token, fileName, mediaType, size: file.size };
  } catch (err) {
    if (kept) await files.discard(`${files.dir}/${kept}`);
    throw err;
  } finally {
    await files.discard(file.path);
  }
}

/**
 * Uploads nobody submitted within a day (INTAKE_UPLOAD_TTL_MS), of one unit or of all: their rows
 * and files go, up to `limit` at a time; a claimed upload (a case's photo, or one a submission is
 * claiming right now) is never touched. Answers how many went.
 */
export async function pruneIntakeUploads(
  db: Knex,
  files: AttachmentFiles,
  now: string,
  options: { tenant?: string; limit?: number } = {},
): Promise<number> {
  const before = new Date(Date.parse(now) - INTAKE_UPLOAD_TTL_MS).toISOString();
  let q = db('intake_uploads').whereNull('used_at').where('created_at', '<', before);
  if (options.tenant) q = q.where({ tenant_id: options.tenant });
  const stale = (await q
    .orderBy('created_at')
    .limit(options.limit ?? 50)
    .select('token_hash', 'storage_key')) as Array<{ token_hash: string; storage_key: string }>;
  let removed = 0;
  for (const s of stale) {
    // Gone only if still unclaimed: a submission that claimed it meanwhile keeps its file.
    if ((await db('intake_uploads').where({ token_hash: s.token_hash }).whereNull('used_at').delete()) === 0) continue;
    await files.discard(`${files.dir}/${s.storage_key}`);
    removed++;
  }
  return removed;
}

export interface ClaimedUploads {
  /** Token → the attachment id the case will know the file by. */
  ids: Map<string, string>;
  rows: IntakeUploadRow[];
}

/**
 * Claims the uploads a submission names, once: each must be this tenant's, unexpired and not used
 * by another submission (two submissions naming one token: one wins). Refused whole otherwise.
 */
export async function claimIntakeUploads(
  db: Knex,
  tenant: string,
  tokens: string[],
  policy: AttachmentPolicy,
  now: string,
  locale: Locale,
): Promise<ClaimedUploads> {
  const unique = [...new Set(tokens)];
  if (unique.length === 0) return { ids: new Map(), rows: [] };
  if (policy.publicMaxFiles === 0 || policy.publicKinds.length === 0)
    throw attachmentRefused('INTAKE_UPLOADS_CLOSED', locale);
  if (unique.length > policy.publicMaxFiles)
    throw attachmentRefused('INTAKE_TOO_MANY_FILES', locale, { limit: String(policy.publicMaxFiles) });
  const hashes = unique.map(hashToken);
  const after = new Date(Date.parse(now) - INTAKE_UPLOAD_TTL_MS).toISOString();
  return db.transaction(async (trx) => {
    const claimed = await trx('intake_uploads')
      .whereIn('token_hash', hashes)
      .where({ tenant_id: tenant })
      .whereNull('used_at')
      .where('created_at', '>=', after)
      .update({ used_at: now });
    if (claimed !== hashes.length) throw attachmentRefused('INTAKE_UPLOAD_UNKNOWN', locale);
    const rows = (await trx('intake_uploads').whereIn('token_hash', hashes)) as IntakeUploadRow[];
    const byHash = new Map(rows.map((r) => [r.token_hash, r.id]));
    return { ids: new Map(unique.map((t) => [t, byHash.get(hashToken(t))!])), rows };
  });
}

/** A submission that failed after claiming: its uploads may be named again. */
export async function releaseIntakeUploads(db: Knex, claimed: ClaimedUploads): Promise<void> {
  if (claimed.rows.length === 0) return;
  await db('intake_uploads')
    .whereIn(
      'token_hash',
      claimed.rows.map((r) => r.token_hash),
    )
    .whereNull('instance_id')
    .update({ used_at: null });
}

/** The claimed uploads become the new case's attachments, recorded with the channel they came by. */
export async function attachIntakeUploads(
  deps: Deps,
  claimed: ClaimedUploads,
  instanceId: string,
  stepName: string,
): Promise<void> {
  if (claimed.rows.length === 0) return;
  const now = deps.clock.now();
  await deps.db.knex.transaction(async (trx) => {
    for (const r of claimed.rows) {
      await trx('case_attachments').insert({
        id: r.id,
        instance_id: instanceId,
        tenant_id: r.tenant_id,
        task_id: null,
        element_id: null,
        step_name: stepName,
        file_name: r.file_name,
        media_type: r.media_type,
        size: r.size,
        sha256: r.sha256,
        storage_key: r.storage_key,
        uploaded_by: 'public',
        created_at: now,
      });
    }
    await trx('intake_uploads')
      .whereIn(
        'token_hash',
        claimed.rows.map((r) => r.token_hash),
      )
      .update({ instance_id: instanceId });
    await appendHistory(
      trx,
      instanceId,
      now,
      'public',
      claimed.rows.map((r) => ({
        type: 'attachmentAdded',
        elementId: null,
        data: { attachmentId: r.id, fileName: r.file_name, size: Number(r.size), taskId: null, stepName },
      })),
    );
  });
}
