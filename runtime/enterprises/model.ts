import { arrayOf, booleanType, objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';

export interface EnterpriseRow {
  id: string;
  tenant_id: string;
  name: string;
  credit_code: string | null;
  contact: string | null;
  created_at: string;
  /** What the QR code carries now; a re-issued code's predecessor is in `enterprise_retired_codes`. */
  code: string;
  active: boolean | number;
  updated_at: string | null;
}

/** The three things an enterprise's code offers on the intake page, as a case records them. */
export const PURPOSES = { appeal: '反映诉求', mediation: '申请调解', legal: '法律咨询' } as const;
export type Purpose = keyof typeof PURPOSES;

export const ENTERPRISE = objectOf({
  id: stringType,
  tenantId: stringType,
  name: stringType,
  creditCode: stringOrNull,
  contact: stringOrNull,
  createdAt: stringType,
  intakeUrl: stringType,
  active: booleanType,
  updatedAt: stringOrNull,
  /** Other enterprises of the same tenant with the same name (a warning, not a refusal). */
  'warnings?': arrayOf(stringType),
});

/** Where an enterprise's QR code leads: the public intake page of its tenant, with the enterprise's current code. */
export function intakeUrl(origin: string, e: Pick<EnterpriseRow, 'code' | 'tenant_id'>): string {
  return `${origin}/#/intake/${encodeURIComponent(e.tenant_id)}?enterprise=${encodeURIComponent(e.code)}`;
}

export const enterpriseView = (e: EnterpriseRow, origin: string) => ({
  id: e.id,
  tenantId: e.tenant_id,
  name: e.name,
  creditCode: e.credit_code,
  contact: e.contact,
  createdAt: e.created_at,
  intakeUrl: intakeUrl(origin, e),
  active: !!e.active,
  updatedAt: e.updated_at,
});
