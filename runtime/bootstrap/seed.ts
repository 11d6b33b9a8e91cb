import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/index.js';
import { seedChannels, type Channel, type ChannelTarget } from '../channels/index.js';
import { demoAccounts, seedAccount, seedGroup, seedTenant, setAccountsDisabled } from '../directory/index.js';
import type { CommandService } from '../execution/command-service.js';
import type { DefinitionStore } from '../store/definitions.js';
import type { TenantDirectory } from '../store/tenants.js';

export const ROOT_TENANT = 'city';

/**
 * First start: a root tenant and the administrator `admin`. The password comes from
 * CIVICFLOW_ADMIN_PASSWORD, or is generated and returned once so the caller can print it.
 */
export async function ensureAdmin(
  knex: Knex,
  tenants: TenantDirectory,
  password: string | undefined,
  now: string,
): Promise<{ generatedPassword?: string }> {
  if (!(await knex('tenants').where({ id: ROOT_TENANT }).first())) {
    await seedTenant(knex, { id: ROOT_TENANT, name: '市综治中心', parentId: null }, now);
    await tenants.refresh();
  }
  if (await knex('users').where({ username: 'admin' }).first()) return {};
  const generated = password ? undefined : randomBytes(12).toString('base64url');
  await seedAccount(
    knex,
    {
      username: 'admin',
      passwordHash: await hashPassword(password ?? generated!),
      displayName: '系统管理员',
      tenantId: ROOT_TENANT,
      roles: ['admin'],
    },
    now,
  );
  return generated ? { generatedPassword: generated } : {};
}

interface Manifest {
  tenants?: Array<{ id: string; name: string; parentId: string | null }>;
  groups?: Array<{ id: string; name: string; tenantId: string }>;
  /** Demo staff accounts: created only in demo mode. `leads`: the groups whose leader the user is. */
  users?: Array<{
    username: string;
    displayName: string;
    tenantId: string;
    groups: string[];
    roles: string[];
    leads?: string[];
  }>;
  deployments?: Array<{ tenant: string; resources: string[] }>;
  /** Per tenant: which process and intake form each channel starts (inherited down the tree). */
  channels?: Record<string, Partial<Record<Channel, ChannelTarget>>>;
}

/** The published password of the examples' demo accounts. */
export const DEMO_PASSWORD = 'demo-password';

/**
 * Loads every `examples/<name>/civicflow.json`: tenants, groups and deployments, and in demo
 * mode only its staff accounts (password `demo-password`, flagged `demo`). Idempotent: a second
 * start changes nothing.
 */
export async function loadExamples(
  dir: string,
  deps: {
    knex: Knex;
    tenants: TenantDirectory;
    definitions: DefinitionStore;
    commands: CommandService;
    now: string;
    demo: boolean;
  },
): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const loaded: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const manifestPath = join(dir, name, 'civicflow.json');
    if (!existsSync(manifestPath)) continue;
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const { knex, now } = deps;
    for (const t of m.tenants ?? []) await seedTenant(knex, t, now);
    await deps.tenants.refresh();
    for (const g of m.groups ?? []) await seedGroup(knex, g);
    const demoHash = deps.demo && m.users?.length ? await hashPassword(DEMO_PASSWORD) : '';
    for (const u of deps.demo ? (m.users ?? []) : [])
      await seedAccount(knex, { ...u, passwordHash: demoHash, demo: true }, now);
    for (const d of m.deployments ?? []) {
      const resources = d.resources.map((file) => {
        const text = readFileSync(join(dir, name, file), 'utf8');
        return {
          name: file,
          content: file.endsWith('.form.json') ? (JSON.parse(text) as Record<string, unknown>) : text,
        };
      });
      // Unchanged resources keep their version, so this is a no-op on later starts.
      await deps.commands.transact(async (unit) =>
        deps.definitions.deploy(await unit.knex(), {
          tenant: d.tenant,
          resources,
          actor: 'system:examples',
          now: unit.now,
        }),
      );
    }
    for (const [tenant, channels] of Object.entries(m.channels ?? {})) await seedChannels(knex, tenant, channels, now);
    loaded.push(name);
  }
  return loaded;
}

/**
 * Accounts still holding the demo password (flagged `demo`; changing or resetting a password
 * clears the flag): in demo mode they are the demo and stay enabled; in any other start they are
 * disabled (tokens too), so a database that once ran the demo does not carry published passwords
 * into production.
 */
export async function settleDemoAccounts(knex: Knex, demo: boolean): Promise<{ active: string[]; disabled: string[] }> {
  const flagged = await demoAccounts(knex);
  if (demo) {
    await setAccountsDisabled(
      knex,
      flagged.filter((u) => u.disabled).map((u) => u.username),
      false,
    );
    return { active: flagged.map((u) => u.username), disabled: [] };
  }
  const on = flagged.filter((u) => !u.disabled).map((u) => u.username);
  await setAccountsDisabled(knex, on, true);
  return { active: [], disabled: on };
}
