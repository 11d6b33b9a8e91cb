import { validateFormData, type Locale } from '../../definitions/index.js';
import type { Principal } from '../auth/index.js';
import { ApiError } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';
import { DEFAULT_PUBLIC_INTAKE, intakeOf } from '../public-intake/index.js';
import { trackingNumber } from '../platform/ids.js';

export const FRONT_DESK_CHANNELS = ['窗口', '电话'] as const;
export type FrontDeskChannel = (typeof FRONT_DESK_CHANNELS)[number];

/** What the receipt (受理回执) prints for the citizen. */
export interface Receipt {
  trackingNo: string;
  processInstanceId: string;
  tenant: { id: string; name: string };
  channel: FrontDeskChannel;
  receivedAt: string;
  receivedBy: string;
  data: Record<string, unknown>;
}

/** The tenant's intake form, as the window clerk fills it for a walk-in or phone appeal. */
export async function frontDeskForm(deps: Deps, tenant: string) {
  const { tenant: t, form } = await intakeOf(deps, DEFAULT_PUBLIC_INTAKE, tenant, undefined);
  return { tenant: t, form: { schema: form.schema, uiSchema: form.uiSchema ?? {} }, channels: FRONT_DESK_CHANNELS };
}

/** 窗口/电话 registration: validated like the public form, started as a case under a tracking number; the clerk is its actor. */
export async function registerAppeal(deps: Deps, principal: Principal, locale: Locale, input: { tenant: string; channel: FrontDeskChannel; data: Record<string, unknown> }): Promise<Receipt> {
  const { tenant, form } = await intakeOf(deps, DEFAULT_PUBLIC_INTAKE, input.tenant, undefined);
  const data = { ...input.data, channel: input.channel };
  const problems = validateFormData(form, data, locale);
  if (problems.length > 0) throw new ApiError(400, 'FORM_INVALID', `${locale === 'zh-CN' ? '表单填写有误' : 'form data is invalid'}：${problems.map((p) => p.message).join('；')}`, problems);
  const trackingNo = trackingNumber(deps.clock.now());
  const row = await deps.commands.transact((unit) => unit.startLatest({ processKey: DEFAULT_PUBLIC_INTAKE.processKey, tenant: tenant.id, businessKey: trackingNo, variables: data, actor: principal.username }));
  return { trackingNo, processInstanceId: row.id, tenant, channel: input.channel, receivedAt: row.created_at, receivedBy: principal.displayName, data };
}
