import type { RuntimeApi } from '../platform/http/deps.js';
import {
  arrayOf,
  booleanType,
  idSchema,
  integerType,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
} from '../platform/http/schemas.js';
import { cancelLeaveProxy, leaveProxyStatus, listLeaveProxies, setLeaveProxy } from './service.js';

const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
const LEAVE_PROXY = objectOf({
  id: integerType,
  user: stringType,
  userName: stringType,
  proxy: stringType,
  proxyName: stringType,
  startsOn: stringType,
  endsOn: stringOrNull,
  period: stringType,
  reason: stringOrNull,
  handover: booleanType,
  handedOverAt: stringOrNull,
  state: { enum: ['scheduled', 'active', 'ended', 'cancelled'] },
  createdBy: stringType,
  createdAt: stringType,
  cancelledAt: stringOrNull,
  cancelledBy: stringOrNull,
});

/** 离岗代理: a person away names a colleague who gets their personal tasks for a period. */
export function leaveProxyRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/leave-proxies',
      tag: 'leave-proxies',
      summary:
        '离岗代理: the periods the caller may see, newest first — their own, those they stand in for, and (administrators) those of their units',
      response: arrayOf(LEAVE_PROXY),
      async handler({ deps, principal, locale }) {
        return listLeaveProxies({ deps, principal, locale });
      },
    },
    {
      method: 'get',
      path: '/api/leave-proxies/status',
      tag: 'leave-proxies',
      summary:
        "A person's current or coming 离岗代理 (the inbox banner), how many open tasks are assigned to them personally (default: the caller), and today's Beijing day",
      query: { properties: { user: idSchema } },
      response: objectOf({
        /** The server's Beijing day, where a period may start at the earliest. */
        today: stringType,
        user: stringType,
        userName: stringType,
        current: nullable(LEAVE_PROXY),
        /** The periods in which the person stands in for someone today. */
        standingInFor: arrayOf(LEAVE_PROXY),
        openTasks: integerType,
      }),
      async handler({ deps, principal, locale, query }) {
        return leaveProxyStatus({ deps, principal, locale }, query.user);
      },
    },
    {
      method: 'post',
      path: '/api/leave-proxies',
      tag: 'leave-proxies',
      summary:
        '离岗代理: from startsOn to endsOn (Beijing days; no end = until cancelled) tasks assigned to the person go to the proxy, a colleague of the same unit; handover (default true) also moves their open personal tasks when the period starts. One period at a time, no chains; nothing moves back when it ends',
      status: 201,
      body: {
        type: 'object',
        required: ['proxy', 'startsOn'],
        additionalProperties: false,
        properties: {
          user: idSchema,
          proxy: idSchema,
          startsOn: day,
          endsOn: { anyOf: [day, { type: 'null' }] },
          reason: { type: 'string', maxLength: 500 },
          handover: { type: 'boolean' },
        },
      },
      response: objectOf({ ...(LEAVE_PROXY.properties as Record<string, never>), handedOver: integerType }),
      async handler({ deps, principal, locale, body }) {
        return setLeaveProxy({ deps, principal, locale }, body);
      },
    },
    {
      method: 'post',
      path: '/api/leave-proxies/:id/cancel',
      tag: 'leave-proxies',
      summary: '取消离岗代理: from now on tasks go to the person again; tasks already with the proxy stay there',
      body: { type: 'object', additionalProperties: false, properties: {} },
      response: LEAVE_PROXY,
      async handler({ deps, principal, locale, params }) {
        return cancelLeaveProxy({ deps, principal, locale }, params.id!);
      },
    },
  );
}
