import multer from '@koa/multer';
import type { Context } from 'koa';
import type { Locale } from '../../definitions/index.js';
import { mayAddToCase } from '../auth/index.js';
import { visibleInstance } from '../cases/index.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { ApiError, notFound } from '../platform/http/errors.js';
import { arrayOf, integerType, objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';
import { actionableTask } from '../tasks/index.js';
import { attachmentRefused, sizeText } from './errors.js';
import type { AttachmentConfig } from './policy.js';
import { addAttachment, attachmentRow, attachmentsOf, checkRoomFor, type Upload } from './service.js';
import { attachmentPolicyRoutes } from './policy-routes.js';
import { AttachmentFiles } from './storage.js';
import { AttachmentPolicies, limitsOf } from './tenant-policy.js';

export const ATTACHMENT_SCHEMA = objectOf({
  id: stringType,
  taskId: stringOrNull,
  stepName: stringOrNull,
  fileName: stringType,
  mediaType: stringType,
  size: integerType,
  uploadedBy: stringType,
  uploadedByName: stringOrNull,
  createdAt: stringType,
});

/** The request body of an upload, as the OpenAPI document describes it. */
const UPLOAD_BODY = {
  type: 'object',
  required: ['file'],
  additionalProperties: false,
  properties: { file: { type: 'string', format: 'binary' } },
};

/** Multipart framing around one file: headers and boundaries, never more than this. */
const FRAMING_BYTES = 64 * 1024;

/**
 * One file of a multipart body (field "file") into `files.incoming`, within `maxBytes`: a body larger
 * than one file can be is refused before a byte of it is read.
 */
export async function receiveFile(
  koa: Context,
  files: AttachmentFiles,
  maxBytes: number,
  locale: Locale,
): Promise<Upload['file']> {
  if (!koa.request.is('multipart')) throw attachmentRefused('ATTACHMENT_NOT_MULTIPART', locale);
  if ((koa.request.length ?? 0) > maxBytes + FRAMING_BYTES)
    throw attachmentRefused('ATTACHMENT_TOO_LARGE', locale, { limit: sizeText(maxBytes) });
  const parse = multer({
    dest: files.incoming,
    limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024 },
    defParamCharset: 'utf8',
  }).single('file');
  try {
    await parse(koa, async () => undefined);
  } catch (err) {
    if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE')
      throw attachmentRefused('ATTACHMENT_TOO_LARGE', locale, { limit: sizeText(maxBytes) });
    if (err instanceof ApiError) throw err;
    throw attachmentRefused('ATTACHMENT_REQUIRED', locale);
  }
  const file = (koa.request as unknown as { file?: Upload['file'] }).file;
  if (!file) throw attachmentRefused('ATTACHMENT_REQUIRED', locale);
  return file;
}

/** 附件: upload to a case or at a step, list them, download one with the case's visibility. */
export function attachmentRoutes(api: RuntimeApi, config: AttachmentConfig): void {
  const files = new AttachmentFiles(config.dir);
  /** The unit's policy for the case's tenant, within the server's bounds. */
  const policyFor = async (deps: Deps, tenant: string) => {
    const p = await new AttachmentPolicies(deps.tenants, config.limits).effective(deps.db.knex, tenant);
    return { limits: limitsOf(p, config.limits), kinds: p.kinds };
  };
  attachmentPolicyRoutes(api, config.limits);

  api.add(
    {
      method: 'post',
      path: '/api/cases/:id/attachments',
      tag: 'cases',
      status: 201,
      upload: UPLOAD_BODY,
      summary:
        'Attach a file to the case (multipart field "file"): a photo, PDF or Office document, its type checked from its bytes; bounded per file, case and tenant',
      response: ATTACHMENT_SCHEMA,
      async handler({ deps, principal, params, koa, locale }) {
        const instance = await visibleInstance(deps, principal, params.id!);
        // A copy (抄送) gives read-only access: the recipient reads the file, the handlers add to it.
        if (!(await mayAddToCase(deps.db.knex, deps.db.dialect, principal, instance)))
          throw attachmentRefused('ATTACHMENT_READ_ONLY', locale);
        const policy = await policyFor(deps, instance.tenant_id);
        await checkRoomFor(deps.db.knex, instance, policy.limits, locale);
        return addAttachment(deps, files, policy, {
          instance,
          uploader: principal.username,
          locale,
          file: await receiveFile(koa, files, policy.limits.maxFileBytes, locale),
        });
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/attachments',
      tag: 'tasks',
      status: 201,
      upload: UPLOAD_BODY,
      summary: 'Attach a file to the case at this step (multipart field "file"); the step is recorded with it',
      response: ATTACHMENT_SCHEMA,
      async handler({ deps, principal, params, koa, locale }) {
        const task = await actionableTask(deps, principal, params.id!);
        const instance = await visibleInstance(deps, principal, task.instance_id);
        const policy = await policyFor(deps, instance.tenant_id);
        await checkRoomFor(deps.db.knex, instance, policy.limits, locale);
        const step = { taskId: task.id, elementId: task.element_id, name: task.name };
        return addAttachment(deps, files, policy, {
          instance,
          step,
          uploader: principal.username,
          locale,
          file: await receiveFile(koa, files, policy.limits.maxFileBytes, locale),
        });
      },
    },
    {
      method: 'get',
      path: '/api/cases/:id/attachments',
      tag: 'cases',
      summary: "The case's attachments: name, size, type, uploader, step and time",
      response: arrayOf(ATTACHMENT_SCHEMA),
      async handler({ deps, principal, params }) {
        const instance = await visibleInstance(deps, principal, params.id!);
        return attachmentsOf(deps.db.knex, instance.id);
      },
    },
    {
      method: 'get',
      path: '/api/attachments/:id',
      tag: 'cases',
      summary: 'Download an attachment (always as a download, never shown inline), for those who may see its case',
      response: { type: 'string', contentMediaType: 'application/octet-stream' },
      async handler({ deps, principal, params, koa, locale }) {
        const row = await attachmentRow(deps.db.knex, params.id!);
        if (!row) throw notFound('attachment', params.id!);
        await visibleInstance(deps, principal, row.instance_id).catch(() => {
          throw notFound('attachment', params.id!);
        });
        const stored = await files.open(row.storage_key);
        if (!stored) {
          deps.log.error({ attachment: row.id, key: row.storage_key }, 'attachment file missing');
          throw attachmentRefused('ATTACHMENT_FILE_MISSING', locale);
        }
        koa.attachment(row.file_name);
        koa.type = row.media_type;
        koa.length = stored.size;
        koa.set('Cache-Control', 'private, no-store');
        koa.set('Content-Security-Policy', "sandbox; default-src 'none'");
        return stored.stream;
      },
    },
  );
}
