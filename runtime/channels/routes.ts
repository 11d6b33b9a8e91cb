import { requireRole, requireTenantAccess, requireVisibleTenant } from '../auth/index.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { arrayOf, booleanType, idSchema, objectOf, stringType } from '../platform/http/schemas.js';
import { startAppeal } from './intake.js';
import { CHANNELS, STAFF_CHANNELS, type Channel, type ChannelTarget } from './model.js';
import { channelSettings, setChannels } from './service.js';

const keySchema = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,199}$' } as const;
const targetSchema = {
  type: 'object',
  required: ['processKey', 'formKey'],
  additionalProperties: false,
  properties: { processKey: keySchema, formKey: keySchema },
} as const;
const SETTINGS = objectOf({
  tenant: stringType,
  channels: arrayOf(
    objectOf({
      channel: { enum: [...CHANNELS] },
      name: stringType,
      processKey: stringType,
      formKey: stringType,
      setBy: stringType,
      inherited: booleanType,
    }),
  ),
});

/** Which process and intake form each channel starts at a tenant; window and phone appeals registered by staff. */
export function channelRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/tenants/:id/channels',
      tag: 'channels',
      params: { id: idSchema },
      response: SETTINGS,
      summary:
        'Which process and intake form each channel (web, mini-program, enterprise-qr, window, phone) starts at the tenant, and whose setting it is (its own or inherited)',
      async handler({ deps, principal, params }) {
        await requireVisibleTenant(principal, deps.tenants, params.id!);
        return { tenant: params.id, channels: await channelSettings(deps, params.id!) };
      },
    },
    {
      method: 'put',
      path: '/api/tenants/:id/channels',
      tag: 'channels',
      params: { id: idSchema },
      response: SETTINGS,
      summary:
        "Set the tenant's own channels (null: inherit the parent's again); the process and form must be deployed for the tenant",
      body: {
        type: 'object',
        required: ['channels'],
        additionalProperties: false,
        properties: {
          channels: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: Object.fromEntries(CHANNELS.map((c) => [c, { anyOf: [targetSchema, { type: 'null' }] }])),
          },
        },
      },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin');
        requireTenantAccess(principal, params.id!);
        const changes = body.channels as Partial<Record<Channel, ChannelTarget | null>>;
        return {
          tenant: params.id,
          channels: await setChannels(deps, params.id!, changes, principal.username, deps.clock.now()),
        };
      },
    },
    {
      method: 'post',
      path: '/api/tenants/:id/appeals',
      tag: 'channels',
      params: { id: idSchema },
      status: 201,
      response: objectOf({ trackingNo: stringType, processInstanceId: stringType, processKey: stringType }),
      summary:
        "Register an appeal received at the window or by phone: started as the process the tenant's channel starts, with its intake form",
      body: {
        type: 'object',
        required: ['channel', 'data'],
        additionalProperties: false,
        properties: { channel: { enum: [...STAFF_CHANNELS] }, data: { type: 'object', maxProperties: 200 } },
      },
      async handler({ deps, principal, params, body, locale }) {
        requireTenantAccess(principal, params.id!);
        const started = await startAppeal(deps, {
          tenantId: params.id!,
          channel: body.channel as Channel,
          data: body.data as Record<string, unknown>,
          actor: principal.username,
          locale,
        });
        return {
          trackingNo: started.trackingNo,
          processInstanceId: started.instanceId,
          processKey: started.processKey,
        };
      },
    },
  );
}
