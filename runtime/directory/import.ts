import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { checkPassword, displayNameKey, displayNameProblem, explainPassword } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';
import { arrayOf, booleanType, integerType, objectOf, stringList, stringType } from '../platform/http/schemas.js';
import type { TenantDirectory } from '../store/tenants.js';
import { hasRole, hashPassword, ROLES, type Principal } from '../auth/index.js';
import { changeBy, insertAccount, insertGroup } from './service.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const MAX_ROWS = 2000;

/** The columns people write, in Chinese or English. */
const DEPARTMENT_COLUMNS = { id: ['部门编号', 'id'], name: ['部门名称', 'name'], tenant: ['所属单位', 'tenant'] };
const USER_COLUMNS = {
  username: ['用户名', 'username'],
  displayName: ['姓名', 'displayName'],
  tenant: ['所属单位', 'tenant'],
  groups: ['部门', 'groups'],
  roles: ['角色', 'roles'],
  password: ['初始密码', 'password'],
};
const ROLE_WORDS: Record<string, string> = {
  工作人员: 'staff',
  督办: 'supervisor',
  单位管理员: 'tenant-admin',
  系统管理员: 'admin',
};

export interface ImportRow {
  sheet: 'departments' | 'users';
  row: number;
  id: string;
  problems: string[];
}
export interface ImportReport {
  dryRun: boolean;
  ok: boolean;
  written: boolean;
  departments: number;
  users: number;
  rows: ImportRow[];
  /** Generated initial passwords (only when written, only for rows that gave none). */
  temporaryPasswords?: Record<string, string>;
}

/** What `importDirectory` answers. */
export const IMPORT_REPORT_SCHEMA = objectOf({
  dryRun: booleanType,
  ok: booleanType,
  written: booleanType,
  departments: integerType,
  users: integerType,
  rows: arrayOf(
    objectOf({ sheet: { enum: ['departments', 'users'] }, row: integerType, id: stringType, problems: stringList }),
  ),
  'temporaryPasswords?': { type: 'object', additionalProperties: stringType },
});

type Table = Array<{ row: number; values: Record<string, string> }>;

async function readWorkbook(
  format: 'xlsx' | 'csv',
  content: string,
  kind?: 'users' | 'departments',
): Promise<{ departments: Table; users: Table }> {
  // exceljs is large: loaded on the first import, not at every server start.
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  let sheets: Array<[ExcelJS.Worksheet, 'departments' | 'users' | undefined]>;
  try {
    if (format === 'xlsx') {
      await book.xlsx.load(Buffer.from(content, 'base64') as unknown as ArrayBuffer);
      sheets = book.worksheets.map((ws) => [
        ws,
        /部门|department/i.test(ws.name) ? 'departments' : /用户|user/i.test(ws.name) ? 'users' : undefined,
      ]);
    } else {
      sheets = [[await book.csv.read(Readable.from([content.replace(/^\uFEFF/, '')])), kind]];
    }
  } catch {
    throw new ApiError(
      400,
      'IMPORT_UNREADABLE',
      'the file could not be read: send an .xlsx workbook (base64) or CSV text',
    );
  }
  const out = { departments: [] as Table, users: [] as Table };
  for (const [ws, sheetKind] of sheets) {
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? '').trim());
    const kindOf =
      sheetKind ??
      (header.includes('部门编号') || header.includes('部门名称')
        ? 'departments'
        : header.includes('用户名') || header.includes('username')
          ? 'users'
          : undefined);
    if (!kindOf) continue;
    const columns = kindOf === 'departments' ? DEPARTMENT_COLUMNS : USER_COLUMNS;
    const index = Object.fromEntries(
      Object.entries(columns).map(([key, names]) => [key, header.findIndex((h) => names.includes(h))]),
    );
    if (ws.rowCount > MAX_ROWS + 1) throw new ApiError(400, 'IMPORT_TOO_LARGE', `at most ${MAX_ROWS} rows per sheet`);
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const cells = row.values as unknown[];
      const values = Object.fromEntries(
        Object.entries(index).map(([key, i]) => [key, i > 0 ? cellText(cells[i]) : '']),
      );
      if (Object.values(values).some((v) => v !== '')) out[kindOf].push({ row: n, values });
    });
  }
  return out;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text).trim();
  if (typeof v === 'object' && 'result' in (v as object)) return String((v as { result: unknown }).result).trim();
  return String(v).trim();
}

const list = (text: string) =>
  text
    .split(/[,，、;；\s]+/u)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Departments and users from a sheet, all or nothing: every row is checked (ids, units within the
 * caller's subtree, departments known or in the same file, names, roles, passwords) and a
 * report names each row's problems in Chinese; only a file without problems is written, and only
 * without `dryRun`. Users so created must change their initial password at the first sign-in.
 */
export async function importDirectory(
  knex: Knex,
  tenants: TenantDirectory,
  p: Principal,
  input: { format: 'xlsx' | 'csv'; content: string; kind?: 'users' | 'departments'; dryRun: boolean },
  meta: { address: string; now: string },
): Promise<ImportReport> {
  const { departments, users } = await readWorkbook(input.format, input.content, input.kind);
  const rows: ImportRow[] = [];
  const existingGroups = new Map(
    ((await knex('groups').select('id', 'tenant_id')) as Array<{ id: string; tenant_id: string }>).map((g) => [
      g.id,
      g.tenant_id,
    ]),
  );
  const newGroups = new Map<string, string>();
  for (const { row, values } of departments) {
    const problems: string[] = [];
    if (!ID.test(values.id!)) problems.push('部门编号只能用字母、数字和 _ . : -，且以字母或数字开头');
    else if (existingGroups.has(values.id!) || newGroups.has(values.id!)) problems.push(`部门编号 ${values.id} 已存在`);
    if (!values.name) problems.push('缺少部门名称');
    if (!p.subtree.has(values.tenant!) || !(await tenants.get(values.tenant!)))
      problems.push(`所属单位 ${values.tenant || '（空）'} 不存在或不在您的管辖范围内`);
    if (problems.length === 0) newGroups.set(values.id!, values.tenant!);
    rows.push({ sheet: 'departments', row, id: values.id!, problems });
  }
  const existingUsers = new Set(
    ((await knex('users').select('username')) as Array<{ username: string }>).map((u) => u.username),
  );
  const namesByTenant = new Map<string, Set<string>>();
  for (const u of (await knex('users').select('tenant_id', 'display_name')) as Array<{
    tenant_id: string;
    display_name: string;
  }>) {
    if (!namesByTenant.has(u.tenant_id)) namesByTenant.set(u.tenant_id, new Set());
    namesByTenant.get(u.tenant_id)!.add(displayNameKey(u.display_name));
  }
  const planned: Array<{
    username: string;
    displayName: string;
    tenant: string;
    groups: string[];
    roles: string[];
    password?: string;
  }> = [];
  const seen = new Set<string>();
  for (const { row, values } of users) {
    const problems: string[] = [];
    const username = values.username!;
    if (!ID.test(username)) problems.push('用户名只能用字母、数字和 _ . : -，且以字母或数字开头');
    else if (existingUsers.has(username) || seen.has(username)) problems.push(`用户名 ${username} 已存在`);
    seen.add(username);
    const tenant = values.tenant!;
    const tenantOk = p.subtree.has(tenant) && (await tenants.get(tenant)) !== undefined;
    if (!tenantOk) problems.push(`所属单位 ${tenant || '（空）'} 不存在或不在您的管辖范围内`);
    const nameProblem = displayNameProblem(values.displayName!);
    if (nameProblem) problems.push(nameProblem === 'empty' ? '缺少姓名' : '姓名里有看不见的、改变文字方向的或控制字符');
    else if (tenantOk) {
      const names = namesByTenant.get(tenant) ?? new Set<string>();
      if (names.has(displayNameKey(values.displayName!))) problems.push(`本单位已有人叫“${values.displayName}”`);
      names.add(displayNameKey(values.displayName!));
      namesByTenant.set(tenant, names);
    }
    const groups = list(values.groups!);
    for (const g of groups) {
      const owner = newGroups.get(g) ?? existingGroups.get(g);
      if (!owner || !p.subtree.has(owner)) problems.push(`部门 ${g} 不存在或不在您的管辖范围内`);
    }
    const roles = values.roles ? list(values.roles).map((r) => ROLE_WORDS[r] ?? r) : ['staff'];
    for (const r of roles)
      if (!(ROLES as readonly string[]).includes(r))
        problems.push(`不认识的角色“${r}”（可用：工作人员、督办、单位管理员）`);
    if (roles.includes('admin') && !hasRole(p)) problems.push('只有系统管理员可以授予系统管理员角色');
    if (values.password) {
      const verdict = await checkPassword(values.password, [username, values.displayName!]);
      if (!verdict.ok) problems.push(`初始${explainPassword(verdict.reasons)}`);
    }
    rows.push({ sheet: 'users', row, id: username, problems });
    planned.push({
      username,
      displayName: values.displayName!,
      tenant,
      groups,
      roles,
      ...(values.password ? { password: values.password } : {}),
    });
  }
  const ok = rows.every((r) => r.problems.length === 0);
  const report: ImportReport = {
    dryRun: input.dryRun,
    ok,
    written: false,
    departments: newGroups.size,
    users: planned.length,
    rows,
  };
  if (!ok || input.dryRun) return report;

  const temporaryPasswords: Record<string, string> = {};
  const hashes = new Map<string, string>();
  for (const u of planned) {
    const password = u.password ?? (temporaryPasswords[u.username] = randomBytes(9).toString('base64url'));
    hashes.set(u.username, await hashPassword(password));
  }
  const change = changeBy(p.username, meta.address, meta.now);
  await knex.transaction(async (trx) => {
    for (const { values } of departments)
      await insertGroup(trx, { id: values.id!, name: values.name!, tenantId: values.tenant! }, change, {
        imported: true,
      });
    for (const u of planned)
      await insertAccount(
        trx,
        {
          username: u.username,
          passwordHash: hashes.get(u.username)!,
          displayName: u.displayName,
          tenantId: u.tenant,
          roles: u.roles,
          groups: u.groups,
          mustChangePassword: true,
        },
        change,
        { imported: true },
      );
  });
  return { ...report, written: true, ...(Object.keys(temporaryPasswords).length ? { temporaryPasswords } : {}) };
}
