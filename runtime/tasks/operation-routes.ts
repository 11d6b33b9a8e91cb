import type { RuntimeApi } from '../platform/http/deps.js';
import { arrayOf, idSchema, objectOf, stringType } from '../platform/http/schemas.js';
import { ccTask, delegateTask, refuseTask, resolveTask, returnTask, transferTask, withdrawTask } from './operations.js';
import { TASK_SCHEMA, taskView } from './views.js';
import { COUNTERSIGN_SCHEMA } from './countersign-schema.js';
import { changeSigners } from './signers.js';

const reason = { type: 'string', minLength: 1, maxLength: 500 } as const;
const elementId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const names = { type: 'array', items: idSchema, maxItems: 50 } as const;
const signersBody = {
  type: 'object',
  additionalProperties: false,
  properties: { users: names, groups: names, reason: { type: 'string', maxLength: 500 } },
} as const;

/** The Chinese task operations: 退回, 退单, 撤回, 转办, 委派, 抄送 and 加签/减签. */
export function taskOperationRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/return',
      tag: 'tasks',
      summary:
        '退回: return the task to an earlier step the process allows (default: the previous step taken); the case keeps its data',
      body: {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: { targetElementId: elementId, reason },
      },
      response: TASK_SCHEMA,
      async handler({ deps, principal, params, body, locale }) {
        return taskView(await returnTask({ deps, principal, locale }, params.id!, body), deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/refuse',
      tag: 'tasks',
      summary: '退单: the department refuses a referral; the case goes back to the dispatch step with the reason',
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason } },
      response: TASK_SCHEMA,
      async handler({ deps, principal, params, body, locale }) {
        return taskView(await refuseTask({ deps, principal, locale }, params.id!, body), deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/withdraw',
      tag: 'tasks',
      summary:
        '撤回: the completer of this (completed) task takes it back while the next task is unclaimed and untouched',
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      response: TASK_SCHEMA,
      async handler({ deps, principal, params, locale }) {
        return taskView(await withdrawTask({ deps, principal, locale }, params.id!), deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/transfer',
      tag: 'tasks',
      summary: '转办: hand the task to another person or department; its deadline keeps running',
      body: {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: { toUser: idSchema, toGroup: idSchema, reason },
      },
      response: TASK_SCHEMA,
      async handler({ deps, principal, params, body, locale }) {
        return taskView(await transferTask({ deps, principal, locale }, params.id!, body), deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/delegate',
      tag: 'tasks',
      summary: '委派: a colleague works the task and hands it back; the delegator completes it',
      body: {
        type: 'object',
        required: ['toUser', 'reason'],
        additionalProperties: false,
        properties: { toUser: idSchema, reason },
      },
      response: TASK_SCHEMA,
      async handler({ deps, principal, params, body, locale }) {
        return taskView(await delegateTask({ deps, principal, locale }, params.id!, body), deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/resolve',
      tag: 'tasks',
      summary: '委派办毕: the delegate hands the task back to the delegator',
      body: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 500 } } },
      response: TASK_SCHEMA,
      async handler({ deps, principal, params, body, locale }) {
        return taskView(await resolveTask({ deps, principal, locale }, params.id!, body), deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/add-signers',
      tag: 'tasks',
      summary:
        '加签: more people or departments join the running countersign this task is part of (as the step allows)',
      body: signersBody,
      response: COUNTERSIGN_SCHEMA,
      async handler({ deps, principal, params, body, locale }) {
        return changeSigners({ deps, principal, locale }, params.id!, body, 'add');
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/remove-signers',
      tag: 'tasks',
      summary: '减签: signers who have not signed leave the running countersign; its rule is evaluated again',
      body: signersBody,
      response: COUNTERSIGN_SCHEMA,
      async handler({ deps, principal, params, body, locale }) {
        return changeSigners({ deps, principal, locale }, params.id!, body, 'remove');
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/cc',
      tag: 'tasks',
      summary: '抄送: send people or departments a notice and read access to the case',
      body: {
        type: 'object',
        additionalProperties: false,
        properties: { users: names, groups: names, note: { type: 'string', maxLength: 500 } },
      },
      response: objectOf({ recipients: arrayOf(objectOf({ kind: { enum: ['user', 'group'] }, id: stringType })) }),
      async handler({ deps, principal, params, body, locale }) {
        return ccTask({ deps, principal, locale }, params.id!, body);
      },
    },
  );
}
