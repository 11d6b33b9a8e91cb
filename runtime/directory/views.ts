import { objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';

export const tenantView = (t: { id: string; name: string; parent_id: string | null }) => ({
  id: t.id,
  name: t.name,
  parentId: t.parent_id,
});
/** What `tenantView` answers. */
export const TENANT_SCHEMA = objectOf({ id: stringType, name: stringType, parentId: stringOrNull });

export const groupView = (g: { id: string; name: string; tenant_id: string }) => ({
  id: g.id,
  name: g.name,
  tenantId: g.tenant_id,
});
/** What `groupView` answers. */
export const GROUP_SCHEMA = objectOf({ id: stringType, name: stringType, tenantId: stringType });
