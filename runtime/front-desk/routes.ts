import { requireRole, requireVisibleTenant } from '../auth/index.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { anyObject, idSchema, objectOf, stringType } from '../platform/http/schemas.js';
import { FRONT_DESK_CHANNELS, frontDeskForm, registerAppeal } from './service.js';

const NAMED = objectOf({ id: stringType, name: stringType });
const CHANNEL = { enum: [...FRONT_DESK_CHANNELS] };

/** The window clerk's front desk (前台登记): walk-in and phone appeals. */
export function frontDeskRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/front-desk/intake/:tenant',
      tag: 'front-desk',
      summary: 'The intake form the window clerk fills for a tenant',
      params: { tenant: idSchema },
      response: objectOf({
        tenant: NAMED,
        form: objectOf({ schema: anyObject, uiSchema: anyObject }),
        channels: { type: 'array', items: CHANNEL },
      }),
      async handler({ deps, principal, params }) {
        requireRole(principal, 'staff', 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        return frontDeskForm(deps, params.tenant!);
      },
    },
    {
      method: 'post',
      path: '/api/front-desk/appeals',
      tag: 'front-desk',
      status: 201,
      summary:
        'Register a walk-in (窗口) or phone (电话) appeal; answers the receipt (受理回执) with the tracking number',
      body: {
        type: 'object',
        required: ['tenant', 'channel', 'data'],
        additionalProperties: false,
        properties: { tenant: idSchema, channel: { enum: [...FRONT_DESK_CHANNELS] }, data: { type: 'object' } },
      },
      response: objectOf({
        trackingNo: stringType,
        processInstanceId: stringType,
        tenant: NAMED,
        channel: CHANNEL,
        receivedAt: stringType,
        receivedBy: stringType,
        data: anyObject,
      }),
      async handler({ deps, principal, body, locale }) {
        requireRole(principal, 'staff', 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenant);
        return registerAppeal(deps, principal, locale, {
          tenant: body.tenant,
          channel: body.channel,
          data: body.data as Record<string, unknown>,
        });
      },
    },
  );
}
