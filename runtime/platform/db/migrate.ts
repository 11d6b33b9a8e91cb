import type { Knex } from 'knex';
import * as core from './migrations/001_core.js';
import * as deadlines from './migrations/002_deadlines.js';
import * as compactCases from './migrations/003_compact_cases.js';
import * as taskHistory from './migrations/004_task_history.js';
import * as pinSets from './migrations/005_pin_sets.js';
import * as taskDeadlineColumns from './migrations/006_task_deadline_columns.js';
import * as jobsWithoutRowid from './migrations/007_jobs_without_rowid.js';
import * as enterprises from './migrations/008_enterprises.js';
import * as accounts from './migrations/009_accounts.js';
import * as audit from './migrations/010_audit.js';
import * as provisionalDeadlines from './migrations/011_provisional_deadlines.js';
import * as caseFile from './migrations/012_case_file.js';
import * as caseCc from './migrations/013_case_cc.js';
import * as tenantChannels from './migrations/014_tenant_channels.js';
import * as caseAttachments from './migrations/015_case_attachments.js';
import * as messageBuffer from './migrations/016_message_buffer.js';
import * as definitionVersions from './migrations/017_definition_versions.js';
import * as enterpriseCodes from './migrations/020_enterprise_codes.js';
import * as signals from './migrations/021_signals.js';
import * as caseFileRest from './migrations/023_case_file_rest.js';
import * as supervisionReplies from './migrations/024_supervision_replies.js';
import * as caseSearchDepartment from './migrations/025_case_search_department.js';
import * as caseReadersNewest from './migrations/028_case_readers_newest.js';
import * as caseFigures from './migrations/029_case_figures.js';
import * as caseReadersFilters from './migrations/030_case_readers_filters.js';
import * as dashboardCounters from './migrations/031_dashboard_counters.js';
import * as leanCommandTriggers from './migrations/033_lean_command_triggers.js';
import * as caseReadersByCase from './migrations/034_case_readers_by_case.js';
import * as countersCountAppeals from './migrations/035_counters_count_appeals.js';
import * as leaveProxies from './migrations/036_leave_proxies.js';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

/** Migrations are imported, not discovered on disk, so they run the same from source or a bundle. */
const MIGRATIONS: Record<string, Migration> = {
  '001_core': core,
  '002_deadlines': deadlines,
  '003_compact_cases': compactCases,
  '004_task_history': taskHistory,
  '005_pin_sets': pinSets,
  '006_task_deadline_columns': taskDeadlineColumns,
  '007_jobs_without_rowid': jobsWithoutRowid,
  '008_enterprises': enterprises,
  '009_accounts': accounts,
  '010_audit': audit,
  '011_provisional_deadlines': provisionalDeadlines,
  '012_case_file': caseFile,
  '013_case_cc': caseCc,
  '014_tenant_channels': tenantChannels,
  '015_case_attachments': caseAttachments,
  '016_message_buffer': messageBuffer,
  '017_definition_versions': definitionVersions,
  '020_enterprise_codes': enterpriseCodes,
  '021_signals': signals,
  '023_case_file_rest': caseFileRest,
  '024_supervision_replies': supervisionReplies,
  '025_case_search_department': caseSearchDepartment,
  '028_case_readers_newest': caseReadersNewest,
  '029_case_figures': caseFigures,
  '030_case_readers_filters': caseReadersFilters,
  '031_dashboard_counters': dashboardCounters,
  '033_lean_command_triggers': leanCommandTriggers,
  '034_case_readers_by_case': caseReadersByCase,
  '035_counters_count_appeals': countersCountAppeals,
  '036_leave_proxies': leaveProxies,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

/** Brings the schema up to date; running it again changes nothing. */
export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource: source, tableName: 'civicflow_migrations' });
}

export async function rollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource: source, tableName: 'civicflow_migrations' }, true);
}

/** Brings the schema to migration `name`: runs the ones up to it and rolls back later ones (tests of a migration start from the schema before it). */
export async function migrateTo(knex: Knex, name: string): Promise<void> {
  if (!(name in MIGRATIONS)) throw new Error(`no migration ${name}`);
  const config = { migrationSource: source, tableName: 'civicflow_migrations' };
  await knex.migrate.to({ ...config, name });
  const [completed] = (await knex.migrate.list(config)) as [Array<{ name: string }>, unknown];
  const later = completed
    .map((m) => m.name)
    .filter((n) => n > name)
    .sort()
    .reverse();
  for (const next of later) await knex.migrate.down({ ...config, name: next });
}
