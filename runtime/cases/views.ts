import type { InstanceState } from '../../engine/index.js';
import { parseState, type InstanceRow } from '../execution/instance-row.js';
import {
  anyObject,
  arrayOf,
  integerType,
  objectOf,
  stringOrNull,
  stringList,
  stringType,
} from '../platform/http/schemas.js';

/** A case (process instance) as the API shows it. */
export function instanceView(row: InstanceRow, version: number) {
  const state: InstanceState = parseState(row);
  const root = Object.values(state.scopes).find((s) => s.parent === null);
  return {
    id: row.id,
    processKey: row.process_key,
    definitionId: row.definition_id,
    version,
    tenant: row.tenant_id,
    businessKey: row.business_key,
    status: row.status,
    variables: root?.vars ?? {},
    activeElementIds: [...new Set(Object.values(state.tokens).map((t) => t.el))].sort(),
    incidents: Object.values(state.incidents).map((i) => ({
      id: `${row.id}-${i.id}`,
      code: i.code,
      elementId: i.el,
      message: i.message,
      createdAt: i.at,
    })),
    parentId: row.parent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
  };
}

/** What `instanceView` answers. */
export const INSTANCE_SCHEMA = objectOf({
  id: stringType,
  processKey: stringType,
  definitionId: stringType,
  version: integerType,
  tenant: stringType,
  businessKey: stringOrNull,
  status: { enum: ['active', 'completed', 'terminated'] },
  variables: anyObject,
  activeElementIds: stringList,
  incidents: arrayOf(
    objectOf({ id: stringType, code: stringType, elementId: stringOrNull, message: stringType, createdAt: stringType }),
  ),
  parentId: stringOrNull,
  createdAt: stringType,
  updatedAt: stringType,
  endedAt: stringOrNull,
});
