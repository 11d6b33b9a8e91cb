/** `integration`: a system that feeds cases with data (publishes messages with variables), not a person. `pii:read`: sees phone numbers and ID numbers unmasked. */
export const ROLES = ['admin', 'tenant-admin', 'staff', 'supervisor', 'integration', 'pii:read'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, with what they may reach. */
export interface Principal {
  username: string;
  displayName: string;
  tenant: string;
  roles: Role[];
  groups: string[];
  /** The caller's tenant and everything below it. */
  subtree: Set<string>;
}
