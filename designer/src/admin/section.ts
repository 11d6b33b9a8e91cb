import type { Group, Tenant } from '../app/api/index.js';
import type { Locale, T } from '../app/i18n/index.js';
import type { Account, AdminApi } from './admin-api.js';

/** What every section of the administration screen shares. */
export interface AdminData {
  users: Account[];
  groups: Group[];
  tenants: Tenant[];
}

export interface SectionProps {
  api: AdminApi;
  t: T;
  locale: Locale;
  data: AdminData;
  act(work: () => Promise<unknown>, done: string): Promise<boolean>;
}

export const tenantName = (data: AdminData, id: string) => data.tenants.find((tn) => tn.id === id)?.name ?? id;
export const groupName = (data: AdminData, id: string) => data.groups.find((g) => g.id === id)?.name ?? id;
