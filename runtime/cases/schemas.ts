import type { JsonSchema } from '../platform/http/api.js';
import { COUNTERSIGN_SCHEMA } from '../tasks/index.js';
import {
  arrayOf,
  booleanType,
  integerType,
  nullable,
  objectOf,
  stringList,
  stringOrNull,
  stringType,
  textOf,
} from '../platform/http/schemas.js';

// What the case file routes answer (see case-view.ts, search.ts, opinions.ts, drafts.ts).

const anyValue: JsonSchema = {};
const light = nullable({ enum: ['green', 'yellow', 'red'] });
const caseStatus = { enum: ['active', 'completed', 'terminated'] };

export const OPINION_SCHEMA = objectOf({
  id: stringType,
  taskId: stringOrNull,
  elementId: stringOrNull,
  stepName: stringOrNull,
  author: stringType,
  body: stringType,
  createdAt: stringType,
});

/** The data each step captured, as the viewer may see it. */
export const CASE_DATA_SCHEMA = arrayOf(
  objectOf({
    elementId: stringType,
    name: stringType,
    taskId: stringType,
    status: stringType,
    completedBy: stringOrNull,
    completedAt: stringOrNull,
    fields: arrayOf(objectOf({ key: stringType, label: stringType, value: anyValue })),
  }),
);

export const CASE_FILE_SCHEMA = objectOf({
  id: stringType,
  trackingNo: stringOrNull,
  businessKey: stringOrNull,
  tenant: objectOf({ id: stringType, name: stringType }),
  processKey: stringType,
  processName: stringType,
  definitionId: stringType,
  version: integerType,
  status: caseStatus,
  channel: anyValue,
  enterprise: anyValue,
  category: anyValue,
  appellant: objectOf({ name: anyValue, phone: anyValue, description: anyValue }),
  createdAt: stringType,
  endedAt: stringOrNull,
  currentSteps: arrayOf(
    objectOf({
      taskId: stringType,
      elementId: stringType,
      name: stringType,
      assignee: stringOrNull,
      assigneeName: stringOrNull,
      departments: stringList,
      dueAt: stringOrNull,
      light,
      createdAt: stringType,
    }),
  ),
  steps: arrayOf(
    objectOf({
      taskId: stringType,
      elementId: stringType,
      name: stringType,
      status: stringType,
      departments: stringList,
      handler: stringOrNull,
      createdAt: stringType,
      completedAt: stringOrNull,
      dueAt: stringOrNull,
      onTime: nullable(booleanType),
    }),
  ),
  data: CASE_DATA_SCHEMA,
  extensions: arrayOf(
    objectOf({
      taskId: stringType,
      step: stringType,
      requestedBy: stringOrNull,
      reason: stringType,
      extendBy: stringType,
      status: stringType,
      decidedBy: stringOrNull,
      decidedAt: stringOrNull,
      newDueAt: stringOrNull,
      createdAt: stringType,
    }),
  ),
  urges: arrayOf(
    objectOf({ taskId: stringType, step: stringType, by: stringOrNull, message: stringOrNull, createdAt: stringType }),
  ),
  supervision: arrayOf(
    objectOf({
      id: stringType,
      step: stringType,
      reason: stringType,
      deadline: stringType,
      dueAt: stringOrNull,
      status: stringType,
      by: stringOrNull,
      createdAt: stringType,
      closedAt: stringOrNull,
    }),
  ),
  opinions: arrayOf(
    objectOf({
      id: stringType,
      taskId: stringOrNull,
      elementId: stringOrNull,
      stepName: stringOrNull,
      author: stringType,
      body: stringType,
      createdAt: stringType,
      authorName: stringOrNull,
    }),
  ),
  timeline: arrayOf(objectOf({ at: stringType, actor: stringOrNull, text: stringType })),
  diagram: objectOf({
    elements: arrayOf(
      objectOf({ id: stringType, state: { enum: ['incident', 'overdue', 'active', 'completed'] }, times: integerType }),
    ),
  }),
  countersigns: arrayOf(COUNTERSIGN_SCHEMA),
  /** Whether the viewer may add to the case file (attachments): not when they only hold a copy (抄送). */
  canAttach: booleanType,
});

export const CASE_SEARCH_SCHEMA = objectOf({
  total: integerType,
  more: booleanType,
  page: integerType,
  pageSize: integerType,
  /** The `after` cursor of the next page (下一页); null on the last page. */
  next: stringOrNull,
  items: arrayOf(
    objectOf({
      id: stringType,
      trackingNo: stringOrNull,
      title: stringType,
      applicantName: stringOrNull,
      phone: stringOrNull,
      category: stringOrNull,
      channel: stringOrNull,
      enterprise: stringOrNull,
      tenant: objectOf({ id: stringType, name: stringType }),
      status: caseStatus,
      light,
      createdAt: stringType,
    }),
  ),
});

export const CASE_DIAGRAM_SCHEMA = textOf('application/xml');
export const CASE_PRINT_SCHEMA = textOf('text/html');
