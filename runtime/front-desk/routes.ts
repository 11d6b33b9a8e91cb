import { requireRole, requireVisibleTenant } from '../auth/index.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { idSchema } from '../platform/http/schemas.js';
import { FRONT_DESK_CHANNELS, frontDeskForm, registerAppeal } from './service.js';

/** The window clerk's front desk (前台登记): walk-in and phone appeals. */
export function frontDeskRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get', path: '/api/front-desk/intake/:tenant', tag: 'front-desk', summary: 'The intake form the window clerk fills for a tenant', params: { tenant: idSchema },
      async handler({ deps, principal, params }) {
        requireRole(principal, 'staff', 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        return frontDeskForm(deps, params.tenant!);
      },
    },
    {
      method: 'post', path: '/api/front-desk/appeals', tag: 'front-desk', status: 201,
      summary: 'Register a walk-in (窗口) or phone (电话) appeal; answers the receipt (受理回执) with the tracking number',
      body: { type: 'object', required: ['tenant', 'channel', 'data'], additionalProperties: false, properties: { tenant: idSchema, channel: { enum: [...FRONT_DESK_CHANNELS] }, data: { type: 'object' } } },
      async handler({ deps, principal, body, locale }) {
        requireRole(principal, 'staff', 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenant);
        return registerAppeal(deps, principal, locale, { tenant: body.tenant, channel: body.channel, data: body.data as Record<string, unknown> });
      },
    },
  );
}
