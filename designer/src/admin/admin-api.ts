import type { Problem } from '../../../definitions/index.js';
import { ApiError, type Group, type Tenant } from '../app/api/index.js';
import type { Locale } from '../app/i18n/index.js';
import type { Answer, BodyOf } from '../app/api/types.js';

export type PolicyAnswer = Answer<'/api/deadline-policies/{tenant}', 'get'>;
export type Policy = PolicyAnswer['effective'];
export type AttachmentPolicyAnswer = Answer<'/api/attachment-policies/{tenant}', 'get'>;
export type AttachmentPolicy = AttachmentPolicyAnswer['effective'];
export type ChannelSettings = Answer<'/api/tenants/{id}/channels', 'get'>;
export type ChannelChanges = BodyOf<'/api/tenants/{id}/channels', 'put'>['channels'];
export type DefinitionSummary = Answer<'/api/process-definitions', 'get'>[number];

export interface Account {
  username: string;
  displayName: string;
  tenantId: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  mustChangePassword: boolean;
}

export interface Member {
  username: string;
  displayName: string;
  leader: boolean;
}

export interface ImportReport {
  dryRun: boolean;
  ok: boolean;
  written: boolean;
  departments: number;
  users: number;
  rows: Array<{ sheet: 'departments' | 'users'; row: number; id: string; problems: string[] }>;
  temporaryPasswords?: Record<string, string>;
}

export const ROLE_NAMES = ['staff', 'supervisor', 'tenant-admin', 'admin', 'pii:read', 'integration'] as const;

async function send<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; problems?: Problem[]; retryAfter?: number };
    } | null;
    const error = answer?.error;
    throw Object.assign(
      new ApiError(
        res.status,
        error?.code ?? 'HTTP_ERROR',
        error?.message ?? `${res.status} ${res.statusText}`,
        error?.problems ?? [],
      ),
      { retryAfter: error?.retryAfter },
    );
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

/** With the current password (also when a reset made a change due): a new one, and a fresh token. */
export async function changePassword(
  username: string,
  password: string,
  newPassword: string,
  locale: Locale,
): Promise<string> {
  const answer = await send<{ token: string }>(
    'POST',
    '/api/auth/password',
    { username, password, newPassword },
    { 'accept-language': locale },
  );
  return answer.token;
}

/** Accounts, departments and the tenant tree of the administrator's units. */
export class AdminApi {
  constructor(
    private readonly token: string,
    private readonly locale: () => Locale,
  ) {}

  users = () => this.call<Account[]>('GET', '/api/users?detail=true');
  createUser = (user: {
    username: string;
    displayName: string;
    tenantId: string;
    password: string;
    roles: string[];
    groups: string[];
  }) => this.call('POST', '/api/users', { ...user, mustChangePassword: true });
  setDisabled = (username: string, disabled: boolean) =>
    this.call('POST', `/api/users/${encodeURIComponent(username)}/${disabled ? 'disable' : 'enable'}`, {});
  resetPassword = (username: string) =>
    this.call<{ temporaryPassword: string }>('POST', `/api/users/${encodeURIComponent(username)}/password-reset`, {});
  unlock = (username: string) => this.call('POST', `/api/users/${encodeURIComponent(username)}/unlock`, {});
  setRoles = (username: string, roles: string[]) =>
    this.call('PUT', `/api/users/${encodeURIComponent(username)}/roles`, { roles });
  setGroups = (username: string, groups: string[]) =>
    this.call('PUT', `/api/users/${encodeURIComponent(username)}/groups`, { groups });

  groups = () => this.call<Group[]>('GET', '/api/groups');
  createGroup = (group: { id: string; name: string; tenantId: string }) => this.call('POST', '/api/groups', group);
  renameGroup = (id: string, name: string) => this.call('PUT', `/api/groups/${encodeURIComponent(id)}`, { name });
  members = (id: string) => this.call<Member[]>('GET', `/api/groups/${encodeURIComponent(id)}/members`);
  setMembers = (id: string, usernames: string[]) =>
    this.call('PUT', `/api/groups/${encodeURIComponent(id)}/members`, { usernames });
  setLeaders = (id: string, usernames: string[]) =>
    this.call('PUT', `/api/groups/${encodeURIComponent(id)}/leaders`, { usernames });

  importDirectory = (file: { format: 'xlsx' | 'csv'; content: string; dryRun: boolean }) =>
    this.call<ImportReport>('POST', '/api/directory/import', file);

  tenants = () => this.call<Tenant[]>('GET', '/api/tenants');
  createTenant = (tenant: { id: string; name: string; parentId: string }) => this.call('POST', '/api/tenants', tenant);
  updateTenant = (id: string, change: { name?: string; parentId?: string }) =>
    this.call<Tenant>('PUT', `/api/tenants/${encodeURIComponent(id)}`, change);

  policy = (tenant: string) => this.call<PolicyAnswer>('GET', `/api/deadline-policies/${encodeURIComponent(tenant)}`);
  attachmentPolicy = (tenant: string) =>
    this.call<AttachmentPolicyAnswer>('GET', `/api/attachment-policies/${encodeURIComponent(tenant)}`);
  /** Replaces the unit's own attachment policy: keys left out are inherited from the units above. */
  saveAttachmentPolicy = (tenant: string, own: Partial<AttachmentPolicy>) =>
    this.call<AttachmentPolicyAnswer>('PUT', `/api/attachment-policies/${encodeURIComponent(tenant)}`, own);
  /** Replaces the tenant's own policy: keys left out are inherited from the units above. */
  savePolicy = (tenant: string, own: Partial<Policy>) =>
    this.call<PolicyAnswer>('PUT', `/api/deadline-policies/${encodeURIComponent(tenant)}`, own);

  channels = (tenant: string) =>
    this.call<ChannelSettings>('GET', `/api/tenants/${encodeURIComponent(tenant)}/channels`);
  saveChannels = (tenant: string, channels: ChannelChanges) =>
    this.call<ChannelSettings>('PUT', `/api/tenants/${encodeURIComponent(tenant)}/channels`, { channels });
  /** The latest processes or forms a tenant may start: its own and those it inherits from the units above. */
  definitions = (kind: 'process' | 'form', tenant: string) =>
    this.call<DefinitionSummary[]>('GET', `/api/${kind}-definitions?latest=true&tenant=${encodeURIComponent(tenant)}`);

  private call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return send<T>(method, path, body, { authorization: `Bearer ${this.token}`, 'accept-language': this.locale() });
  }
}
