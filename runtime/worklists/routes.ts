import type { JsonSchema } from '../platform/http/api.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { notFound } from '../platform/http/errors.js';
import { arrayOf, booleanType, integerType, objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';
import { ccReceived, ccSent, ccUnread, doneTasks, markCcRead, startedCases } from './queries.js';

const pageQuery = { properties: { page: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' } } };
const pageOf = (query: Record<string, string | undefined>) => (query.page ? Number(query.page) : 1);
const pagedOf = (item: Record<string, JsonSchema>, extra: Record<string, JsonSchema> = {}) =>
  objectOf({
    total: integerType,
    page: integerType,
    pageSize: integerType,
    more: booleanType,
    items: arrayOf(objectOf(item)),
    ...extra,
  });
const caseStatus = { enum: ['active', 'completed', 'terminated'] };

const CC_ITEM = {
  id: integerType,
  caseId: stringType,
  trackingNo: stringOrNull,
  caseTitle: stringType,
  step: stringOrNull,
  note: stringOrNull,
  from: stringType,
  fromName: stringOrNull,
  createdAt: stringType,
  recipient: objectOf({ kind: { enum: ['user', 'group'] }, id: stringType, name: stringType }),
  readAt: stringOrNull,
  readBy: stringOrNull,
  readByName: stringOrNull,
};

/** The staff work lists beside 待办: 已办, 我发起, 抄送我 (with read receipts) and 我抄送的. */
export function worklistRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/worklists/counts',
      tag: 'worklists',
      summary: 'How many tasks the caller completed, cases they registered, and copies to them still unread',
      response: objectOf({ done: integerType, started: integerType, ccUnread: integerType }),
      async handler({ deps, principal }) {
        const [done, started, unread] = await Promise.all([
          doneTasks(deps, principal, 1),
          startedCases(deps, principal, 1),
          ccUnread(deps.db.knex, principal),
        ]);
        return { done: done.total, started: started.total, ccUnread: unread };
      },
    },
    {
      method: 'get',
      path: '/api/worklists/done',
      tag: 'worklists',
      summary: '已办: the tasks the caller completed, newest first, 20 a page',
      query: pageQuery,
      response: pagedOf({
        taskId: stringType,
        caseId: stringType,
        trackingNo: stringOrNull,
        caseTitle: stringType,
        step: stringType,
        completedAt: stringType,
        caseStatus,
      }),
      async handler({ deps, principal, query }) {
        return doneTasks(deps, principal, pageOf(query));
      },
    },
    {
      method: 'get',
      path: '/api/worklists/started',
      tag: 'worklists',
      summary: '我发起: the cases the caller registered, newest first, 20 a page',
      query: pageQuery,
      response: pagedOf({
        caseId: stringType,
        trackingNo: stringOrNull,
        caseTitle: stringType,
        channel: stringOrNull,
        status: caseStatus,
        createdAt: stringType,
      }),
      async handler({ deps, principal, query }) {
        return startedCases(deps, principal, pageOf(query));
      },
    },
    {
      method: 'get',
      path: '/api/worklists/cc',
      tag: 'worklists',
      summary:
        '抄送我: copies of cases sent to the caller or their departments, newest first, with whether each was read',
      query: pageQuery,
      response: pagedOf(CC_ITEM, { unread: integerType }),
      async handler({ deps, principal, query }) {
        return ccReceived(deps, principal, pageOf(query));
      },
    },
    {
      method: 'get',
      path: '/api/worklists/cc-sent',
      tag: 'worklists',
      summary: '我抄送的: copies the caller sent, with who read each and when',
      query: pageQuery,
      response: pagedOf(CC_ITEM),
      async handler({ deps, principal, query }) {
        return ccSent(deps, principal, pageOf(query));
      },
    },
    {
      method: 'post',
      path: '/api/worklists/cc/:id/read',
      tag: 'worklists',
      summary: 'Mark a copy sent to the caller read (opening it does this); the sender sees who read it',
      params: { id: { type: 'string', pattern: '^[1-9][0-9]{0,11}$' } },
      response: objectOf(CC_ITEM),
      async handler({ deps, principal, params }) {
        const item = await markCcRead(deps, principal, Number(params.id));
        if (!item) throw notFound('copy', params.id!);
        return item;
      },
    },
  );
}
