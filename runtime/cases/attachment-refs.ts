import { select, type Queryable } from '../platform/db/tx.js';
import { fileFieldsOf, type FormDefinition, type Locale } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';

/**
 * A step's file fields (附件/照片) hold ids of the case's attachments, uploaded at the step first
 * (`POST /api/tasks/:id/attachments`): an id of another case's file, or of none, is refused.
 */
export async function requireCaseAttachments(
  db: Queryable,
  instanceId: string,
  form: FormDefinition | undefined,
  variables: Record<string, unknown>,
  locale: Locale,
): Promise<void> {
  const fields = fileFieldsOf(form?.schema as { properties?: Record<string, unknown> } | undefined);
  const ids = [
    ...new Set(
      fields.flatMap((f) => (Array.isArray(variables[f]) ? (variables[f] as unknown[]) : [])).map((v) => String(v)),
    ),
  ];
  if (ids.length === 0) return;
  const found = await select<{ id: string }>(
    db,
    `select id from case_attachments where instance_id = ? and id in (${ids.map(() => '?').join(', ')})`,
    [instanceId, ...ids],
  );
  if (found.length === ids.length) return;
  const known = new Set(found.map((r) => r.id));
  const bad = fields.filter(
    (f) => Array.isArray(variables[f]) && (variables[f] as unknown[]).some((v) => !known.has(String(v))),
  );
  const zh = locale === 'zh-CN';
  throw new ApiError(
    400,
    'ATTACHMENT_NOT_OF_CASE',
    zh
      ? '表单中的附件不属于本案件，请在本环节重新上传'
      : 'an attachment in the form does not belong to this case; upload it again at this step',
    bad.map((f) => ({
      path: `/${f}`,
      keyword: 'format',
      message: zh ? '附件不属于本案件，请重新上传' : 'not an attachment of this case; upload it again',
    })),
  );
}
