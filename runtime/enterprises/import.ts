import { isUnifiedSocialCreditCode } from '../../definitions/index.js';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { Locale } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';
import { arrayOf, booleanType, integerType, objectOf, stringList, stringType } from '../platform/http/schemas.js';
import type { TenantRow } from '../store/tenants.js';
import type { EnterpriseRow } from './model.js';

const MAX_ROWS = 2000;
const COLUMNS = {
  name: ['企业名称', 'name'],
  creditCode: ['统一社会信用代码', 'creditCode'],
  contact: ['联系人', 'contact'],
  tenant: ['所属单位', 'tenant'],
} as const;
type Column = keyof typeof COLUMNS;

export interface EnterpriseImportRow {
  row: number;
  name: string;
  problems: string[];
  warnings: string[];
}
export interface EnterpriseImportReport {
  dryRun: boolean;
  ok: boolean;
  written: boolean;
  enterprises: number;
  rows: EnterpriseImportRow[];
}

export const ENTERPRISE_IMPORT_SCHEMA = objectOf({
  dryRun: booleanType,
  ok: booleanType,
  written: booleanType,
  enterprises: integerType,
  rows: arrayOf(objectOf({ row: integerType, name: stringType, problems: stringList, warnings: stringList })),
});

const TEXT = {
  'zh-CN': {
    noName: '缺少企业名称',
    shortName: '企业名称至少 2 个字',
    noTenant: (v: string) => `所属单位 ${v} 不存在或不在您的管辖范围内`,
    badCode: (c: string) => `统一社会信用代码 ${c} 不正确（应为 18 位，且校验位相符），请对照营业执照`,
    taken: (c: string, n: string) => `统一社会信用代码 ${c} 已登记为 ${n}`,
    twice: (c: string, r: number) => `统一社会信用代码 ${c} 与第 ${r} 行重复`,
    sameName: (n: string) => `本单位已有同名企业 ${n}，请确认不是重复登记`,
    noColumns: '表头应有“企业名称”，可选“统一社会信用代码”“联系人”“所属单位”',
  },
  en: {
    noName: 'the enterprise name is missing',
    shortName: 'the name needs at least 2 characters',
    noTenant: (v: string) => `unit ${v} does not exist or is not yours`,
    badCode: (c: string) => `${c} is not a valid unified social credit code (18 characters, matching check character)`,
    taken: (c: string, n: string) => `credit code ${c} is registered as ${n} already`,
    twice: (c: string, r: number) => `credit code ${c} repeats row ${r}`,
    sameName: (n: string) => `this unit has an enterprise called ${n} already; make sure it is not registered twice`,
    noColumns: 'the header needs "企业名称" (name); "统一社会信用代码", "联系人", "所属单位" are optional',
  },
};

async function readRows(
  format: 'xlsx' | 'csv',
  content: string,
  locale: Locale,
): Promise<Array<{ row: number; values: Record<Column, string> }>> {
  // exceljs is large: loaded on the first import, not at every server start.
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await book.xlsx.load(Buffer.from(content, 'base64') as unknown as ArrayBuffer);
      sheet = book.worksheets[0];
    } else {
      sheet = await book.csv.read(Readable.from([content.replace(/^\uFEFF/, '')]));
    }
  } catch {
    throw new ApiError(
      400,
      'IMPORT_UNREADABLE',
      'the file could not be read: send an .xlsx workbook (base64) or CSV text',
    );
  }
  if (!sheet) return [];
  if (sheet.rowCount > MAX_ROWS + 1)
    throw new ApiError(400, 'IMPORT_TOO_LARGE', `at most ${MAX_ROWS} enterprises per file`);
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? '').trim());
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, names]) => [
      key,
      header.findIndex((h) => (names as readonly string[]).includes(h)),
    ]),
  ) as Record<Column, number>;
  if (index.name <= 0) throw new ApiError(400, 'IMPORT_COLUMNS', TEXT[locale].noColumns);
  const out: Array<{ row: number; values: Record<Column, string> }> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cells = row.values as unknown[];
    const values = Object.fromEntries(
      Object.entries(index).map(([key, i]) => [key, i > 0 ? cellText(cells[i]) : '']),
    ) as Record<Column, string>;
    if (Object.values(values).some((v) => v !== '')) out.push({ row: n, values });
  });
  return out;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text).trim();
  if (typeof v === 'object' && 'result' in (v as object)) return String((v as { result: unknown }).result).trim();
  return String(v).trim();
}

/**
 * Enterprises from an Excel or CSV sheet, checked row by row. Every row is checked before anything is
 * written; with any problem (or `dryRun`) nothing is written. Same names are warnings only.
 */
export async function importEnterprises(
  knex: Knex,
  input: { format: 'xlsx' | 'csv'; content: string; dryRun: boolean; defaultTenant: string },
  tenants: TenantRow[],
  subtree: ReadonlySet<string>,
  locale: Locale,
  now: string,
): Promise<EnterpriseImportReport> {
  const w = TEXT[locale];
  const rows = await readRows(input.format, input.content, locale);
  const visible = tenants.filter((tn) => subtree.has(tn.id));
  const existing = (await knex('enterprises')
    .whereIn('tenant_id', [...subtree])
    .select('tenant_id', 'name', 'credit_code')) as Array<Pick<EnterpriseRow, 'tenant_id' | 'name' | 'credit_code'>>;
  const seenCodes = new Map<string, number>();
  const seenNames = new Set<string>();
  const report: EnterpriseImportRow[] = [];
  const inserts: EnterpriseRow[] = [];
  for (const { row, values } of rows) {
    const problems: string[] = [];
    const warnings: string[] = [];
    const tenant = values.tenant
      ? visible.find((tn) => tn.id === values.tenant || tn.name === values.tenant)
      : visible.find((tn) => tn.id === input.defaultTenant);
    if (!tenant) problems.push(w.noTenant(values.tenant || input.defaultTenant));
    if (!values.name) problems.push(w.noName);
    else if (values.name.length < 2) problems.push(w.shortName);
    const code = values.creditCode.toUpperCase();
    if (code) {
      if (!isUnifiedSocialCreditCode(code)) problems.push(w.badCode(code));
      else if (tenant) {
        const taken = existing.find((e) => e.tenant_id === tenant.id && e.credit_code === code);
        if (taken) problems.push(w.taken(code, taken.name));
        const earlier = seenCodes.get(`${tenant.id}|${code}`);
        if (earlier !== undefined) problems.push(w.twice(code, earlier));
        seenCodes.set(`${tenant.id}|${code}`, row);
      }
    }
    if (tenant && values.name) {
      const key = `${tenant.id}|${values.name}`;
      if (seenNames.has(key) || existing.some((e) => e.tenant_id === tenant.id && e.name === values.name))
        warnings.push(w.sameName(values.name));
      seenNames.add(key);
    }
    report.push({ row, name: values.name, problems, warnings });
    if (tenant && problems.length === 0) {
      const id = newId();
      inserts.push({
        id,
        tenant_id: tenant.id,
        name: values.name,
        credit_code: code || null,
        contact: values.contact || null,
        created_at: now,
        code: id,
        active: true,
        updated_at: null,
      });
    }
  }
  const ok = report.every((r) => r.problems.length === 0);
  const write = ok && !input.dryRun && inserts.length > 0;
  if (write)
    await knex.transaction(async (trx) => {
      await trx.batchInsert('enterprises', inserts, 200);
    });
  return { dryRun: input.dryRun, ok, written: write, enterprises: inserts.length, rows: report };
}
