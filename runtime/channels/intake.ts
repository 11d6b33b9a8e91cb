import { validateFormData, type FormDefinition, type Locale } from '../../definitions/index.js';
import { indexCaseInCommand } from '../cases/index.js';
import { trackingNumber } from '../platform/ids.js';
import { ApiError, notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';
import { CHANNEL_NAMES, type Channel } from './model.js';
import { resolveChannel } from './service.js';

/** The intake form an appeal on `channel` at `tenantId` is filled in with (the tenant's own, or inherited). */
export async function intakeFormOf(
  deps: Deps,
  tenantId: string,
  channel: Channel,
): Promise<{ form: FormDefinition; processKey: string }> {
  const setting = await resolveChannel(deps, tenantId, channel);
  const row = await deps.definitions.resolve(deps.db.knex, 'form', setting.formKey, tenantId);
  if (!row) throw notFound('intake form', setting.formKey);
  // The definition store's one object per form version: its validator is compiled once, not per request.
  return { form: await deps.definitions.form(deps.db.knex, row.id), processKey: setting.processKey };
}

export interface AppealInput {
  tenantId: string;
  channel: Channel;
  data: Record<string, unknown>;
  /** Set by the channel itself, never by the form (the enterprise of a QR code). */
  extra?: Record<string, unknown>;
  actor: string;
  locale: Locale;
}

/**
 * Starts an appeal as a case of the process the tenant's channel starts: only the form's own
 * fields, validated like a task form; the channel is recorded as it really was.
 */
export async function startAppeal(
  deps: Deps,
  input: AppealInput,
): Promise<{ trackingNo: string; instanceId: string; processKey: string }> {
  const { form, processKey } = await intakeFormOf(deps, input.tenantId, input.channel);
  const zh = input.locale === 'zh-CN';
  const fields = new Set(Object.keys((form.schema.properties ?? {}) as Record<string, unknown>));
  // A citizen sets the form's fields and nothing else: no variable a later gateway or task reads.
  const unknown = Object.keys(input.data).filter((k) => !fields.has(k));
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      'FORM_INVALID',
      zh ? `表单中没有这些字段：${unknown.join('、')}` : `the form has no field ${unknown.join(', ')}`,
      unknown.map((k) => ({
        path: `/${k}`,
        keyword: 'additionalProperties',
        message: zh ? `表单中没有字段 ${k}` : `the form has no field ${k}`,
      })),
    );
  }
  const problems = validateFormData(form, input.data, input.locale);
  if (problems.length > 0)
    throw new ApiError(
      400,
      'FORM_INVALID',
      `${zh ? '表单填写有误' : 'form data is invalid'}：${problems.map((p) => p.message).join('；')}`,
      problems,
    );
  const trackingNo = trackingNumber(deps.clock.now());
  const variables = { ...input.data, ...input.extra, channel: CHANNEL_NAMES[input.channel] };
  const row = await deps.commands.transact(async (unit) => {
    const started = await unit.startLatest({
      processKey,
      tenant: input.tenantId,
      businessKey: trackingNo,
      variables,
      actor: input.actor,
    });
    indexCaseInCommand(unit, started.id);
    return started;
  });
  return { trackingNo, instanceId: row.id, processKey };
}
