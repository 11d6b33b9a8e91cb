// The answers of the deadline routes that several of them share (see service.ts for the views).
import {
  anyObject,
  arrayOf,
  booleanType,
  integerType,
  objectOf,
  stringOrNull,
  stringType,
} from '../platform/http/schemas.js';

const EXTENSION_FIELDS = {
  id: stringType,
  taskId: stringType,
  processInstanceId: stringType,
  tenant: stringType,
  requestedBy: stringType,
  reason: stringType,
  previousDueAt: stringOrNull,
  requestedDueAt: stringOrNull,
  extendBy: stringOrNull,
  status: { enum: ['pending', 'approved', 'rejected'] },
  decidedBy: stringOrNull,
  decidedAt: stringOrNull,
  decisionNote: stringOrNull,
  newDueAt: stringOrNull,
  createdAt: stringType,
};
/** What `extensionView` answers. */
export const EXTENSION_SCHEMA = objectOf(EXTENSION_FIELDS);
/** A request as `GET /api/extension-requests` lists it: its people also by their names. */
export const LISTED_EXTENSION_SCHEMA = objectOf({
  ...EXTENSION_FIELDS,
  requestedByName: stringType,
  decidedByName: stringOrNull,
});
/** A decided request; an approval also lists the timers it moved. */
export const DECIDED_EXTENSION_SCHEMA = objectOf({ ...EXTENSION_FIELDS, 'timers?': arrayOf(anyObject) });
/** What `orderView` answers. */
export const ORDER_SCHEMA = objectOf({
  id: stringType,
  tenant: stringType,
  processInstanceId: stringType,
  taskId: stringOrNull,
  elementId: stringOrNull,
  source: stringType,
  owner: stringOrNull,
  target: anyObject,
  reason: stringType,
  deadline: stringType,
  dueAt: stringOrNull,
  status: { enum: ['open', 'answered', 'closed'] },
  overdue: booleanType,
  overdueAt: stringOrNull,
  createdBy: stringType,
  createdAt: stringType,
  closedAt: stringOrNull,
  closedBy: stringOrNull,
  resolution: stringOrNull,
});
const RECIPIENT = objectOf({ kind: stringType, id: stringType });
export const URGE_NOTICE = objectOf({
  id: integerType,
  recipient: RECIPIENT,
  readAt: stringOrNull,
  readBy: stringOrNull,
});
/** What `urgeTask` answers. */
export const URGE_SCHEMA = objectOf({
  id: stringType,
  taskId: stringType,
  count: integerType,
  urgedBy: stringType,
  message: stringOrNull,
  createdAt: stringType,
  notifications: arrayOf(URGE_NOTICE),
});
