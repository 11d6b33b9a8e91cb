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
  /**
   * The tenants above the caller's own (its township, the city). Nothing of theirs is the caller's
   * to see, except a task offered to the caller or one of their groups and that task's case: a
   * township's process may hand a step to a village's grid worker (A镇's 网格员核实 to 东村).
   */
  above?: ReadonlySet<string>;
}
