import type { Locale } from '../../definitions/index.js';
import type { Principal } from '../auth/index.js';
import { CHANNEL_NAMES, intakeFormOf, startAppeal, type Channel } from '../channels/index.js';
import { notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';

/** The front desk's channels as staff name them, and the tenant channel each one is. */
const FRONT_DESK: Record<string, Channel> = { [CHANNEL_NAMES.window]: 'window', [CHANNEL_NAMES.phone]: 'phone' };
export const FRONT_DESK_CHANNELS = Object.keys(FRONT_DESK) as FrontDeskChannel[];
export type FrontDeskChannel = '窗口' | '电话';

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

/** The intake form of the tenant's window channel, as the clerk fills it for a walk-in or phone appeal. */
export async function frontDeskForm(deps: Deps, tenantId: string) {
  const tenant = await namedTenant(deps, tenantId);
  const { form } = await intakeFormOf(deps, tenantId, 'window');
  return { tenant, form: { schema: form.schema, uiSchema: form.uiSchema ?? {} }, channels: FRONT_DESK_CHANNELS };
}

/**
 * 窗口/电话 registration: the process and form the tenant set for that channel, validated like the
 * public form, started under a tracking number with the clerk as its actor.
 */
export async function registerAppeal(
  deps: Deps,
  principal: Principal,
  locale: Locale,
  input: { tenant: string; channel: FrontDeskChannel; data: Record<string, unknown> },
): Promise<Receipt> {
  const tenant = await namedTenant(deps, input.tenant);
  const started = await startAppeal(deps, {
    tenantId: tenant.id,
    channel: FRONT_DESK[input.channel]!,
    data: input.data,
    actor: principal.username,
    locale,
  });
  return {
    trackingNo: started.trackingNo,
    processInstanceId: started.instanceId,
    tenant,
    channel: input.channel,
    receivedAt: deps.clock.now(),
    receivedBy: principal.displayName,
    data: input.data,
  };
}

async function namedTenant(deps: Deps, id: string): Promise<{ id: string; name: string }> {
  const tenant = await deps.tenants.get(id);
  if (!tenant) throw notFound('tenant', id);
  return { id: tenant.id, name: tenant.name };
}
