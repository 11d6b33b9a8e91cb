// Seeds many closed cases fast, for the growth figures (issue 18 §3): one real appeal is run to its
// end through the command layer (start → receive → labour department → follow-up, closed), then
// every row the runtime wrote for it — the instance, its three closed tasks (`task_history`), its
// history rows, its search row (`case_search`), its readers (`case_readers`) and its figures row
// (`case_figures`) — is copied N times with one INSERT … SELECT per table over a generated number
// series: fresh ids, creation times 30 seconds apart going back in time (the history is older than
// the cases the benchmark then runs), tenants rotating over the tenant tree, and per case its own
// tracking number, appellant (20 surnames), phone, enterprise (one case in ten), category and channel,
// so the case search has realistic selectivity. The audit trail is not copied (its rows are a hash
// chain per tenant; the loop's own commands extend it as they run).
//
// SQLite: the database's triggers write `case_readers` and `case_figures` as the copies go in, as
// they do for every write. PostgreSQL: the load runs with `session_replication_role = replica`
// (triggers and foreign-key checks off for this transaction only; the bench's user is a superuser)
// and copies the template's `case_readers` and `case_figures` rows like the others — the same rows
// the triggers wrote for the template, a fraction of the cost of eight million trigger calls at 1M.
import type { Knex } from 'knex';
import { appealLoop, type Deps0 } from './command-driver.js';
import { SeriesSql } from './inbox-seed.js';

type Row = Record<string, unknown>;

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
export const CATEGORIES = ['劳动纠纷', '物业纠纷', '环境污染', '邻里纠纷', '其他'];
/** The phone of series number n (both databases compute the same: `13` + nine digits). */
export const phoneOf = (n: number) => `13${String(100000000 + ((n * 7919) % 900000000)).padStart(9, '0')}`;
export const keyOf = (n: number) => `GR${String(n).padStart(9, '0')}`;

export interface HistorySeed {
  cases: number;
  seconds: number;
}

/** Adds `count` closed cases numbered `from` … `from + count - 1` (numbers must not repeat within a database). */
export async function seedClosedCases(
  deps: Deps0,
  from: number,
  count: number,
  tenants: string[],
  chunk = 100_000,
): Promise<HistorySeed> {
  const t0 = performance.now();
  const knex = deps.db.knex;
  const pg = deps.db.dialect === 'postgres';
  const template = await appealLoop(deps, tenants[0]!, undefined, { index: true });
  const id = template.row.id;
  const one = async (table: string, where: Row) => (await knex(table).where(where)) as Row[];
  const [instance] = await one('instances', { id });
  const closed = await one('task_history', { instance_id: id });
  const history = (await knex('history').where({ instance_id: id }).orderBy('id')) as Row[];
  const [search] = await one('case_search', { instance_id: id });
  const readers = await one('case_readers', { instance_id: id });
  const [figures] = await one('case_figures', { instance_id: id });
  if (!instance || instance.status !== 'completed' || closed.length !== 3 || !search || !figures || !readers.length)
    throw new Error(`the template case ${id} is not a closed appeal with its rows`);

  const base = new Date(Date.now() - 3_600_000);
  for (let at = from; at < from + count; at += chunk) {
    const n = Math.min(chunk, from + count - at);
    // A prefix per call: ids are `<prefix><n as 12 hex digits>`, unique across calls since n is.
    const sq = new SeriesSql(deps.db, knex, n, '00000000-c105-4ed0-8000-', base, tenants, at, -30);
    await knex.transaction(async (trx) => {
      sq.use(trx);
      if (pg) await trx.raw('set local session_replication_role = replica');
      const created = sq.createdAt();
      const key = pg ? `'GR' || lpad(n::text, 9, '0')` : `'GR' || printf('%09d', n)`;
      await sq.insert('instances', instance, {
        id: sq.instanceId(),
        tenant_id: sq.tenant(),
        business_key: key,
        created_at: created,
        updated_at: created,
        ended_at: created,
      });
      for (const t of closed)
        await sq.insert('task_history', t, {
          id: sq.childId(String(t.id).slice(id.length)),
          instance_id: sq.instanceId(),
          tenant_id: sq.tenant(),
          created_at: created,
          completed_at: created,
        });
      for (const h of history) await sq.insert('history', h, { instance_id: sq.instanceId(), at: created }, ['id']);
      const digits = pg
        ? `lpad((100000000 + (n * 7919) % 900000000)::text, 9, '0')`
        : `printf('%09d', 100000000 + (n * 7919) % 900000000)`;
      const reversed = [9, 8, 7, 6, 5, 4, 3, 2, 1].map((i) => `substr(${digits}, ${i}, 1)`).join(' || ');
      const pick = (list: string[], of: string) =>
        `(case (${of}) % ${list.length} ${list.map((v, i) => `when ${i} then '${v}'`).join(' ')} end)`;
      await sq.insert('case_search', search, {
        instance_id: sq.instanceId(),
        tenant_id: sq.tenant(),
        business_key: key,
        applicant_name: `substr('${SURNAMES}', cast(n % 20 + 1 as integer), 1) || substr('伟芳娜敏静磊强洋', cast((n / 20) % 8 + 1 as integer), 1) || (n % 97)`,
        phone: `'13' || ${digits}`,
        phone_rev: `${reversed} || '31'`,
        enterprise_name: `case when n % 10 = 0 then '企业' || (n % 5000) || '有限公司' end`,
        category: pick(CATEGORIES, 'n'),
        channel: pick(['窗口', '电话', '网上', '小程序', '一企一码'], 'n / 5'),
        created_at: created,
      });
      if (pg) {
        for (const r of readers)
          await sq.insert('case_readers', r, { instance_id: sq.instanceId(), created_at: created });
        const day = `to_char((${created})::timestamptz at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
        await sq.insert('case_figures', figures, {
          instance_id: sq.instanceId(),
          tenant_id: sq.tenant(),
          created_at: created,
          day,
          business_key: key,
        });
      }
    });
  }
  if (pg) await knex.raw('vacuum analyze instances, task_history, history, case_search, case_readers, case_figures');
  else await knex.raw('analyze');
  return { cases: count, seconds: (performance.now() - t0) / 1000 };
}
