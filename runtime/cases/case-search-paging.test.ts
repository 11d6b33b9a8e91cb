// Case search for a member of a busy department (issue 12, §3): with thousands of readable cases
// (read as themselves and as their department, overlapping, several registered in the same minute),
// numbered pages and 下一页 cursors list exactly the cases the visibility rule gives them, in order,
// newest or oldest first, with and without a query. And migration 028 (`case_readers.created_at`)
// up and down with data: the column is filled for the readers before it and by the trigger after.
// Both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whereCaseReadable } from '../auth/index.js';
import { openCase } from '../bench/command-driver.js';
import { migrate, migrateTo } from '../platform/db/migrate.js';
import type { Principal } from '../platform/http/principal.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
/** More than the 5,000 readable cases from which staff search reads from their own cases first. */
const CASES = 7000;
const CATEGORIES = ['劳动纠纷', '物业纠纷', '环境污染', '邻里纠纷', '其他'];
const SURNAMES = '王李张刘陈杨黄赵吴周';

type Item = { id: string };
type Page = { total: number; more: boolean; next: string | null; pageSize: number; items: Item[] };

describe.each(dialects)('case search paging for a busy department on %s', (dialect) => {
  let rt: TestRuntime;
  let token: string;
  const rs1: Principal = {
    username: 'rs1',
    displayName: '人社局 张敏',
    tenant: 'city',
    roles: ['staff'],
    groups: ['dept-rs'],
    subtree: new Set(['city']),
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    const knex = rt.deps.db.knex;
    const template = (await openCase(rt.deps, 'city')).row;
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    for (let from = 0; from < CASES; from += 1000) {
      const instances = [];
      const search = [];
      const history = [];
      const closed = [];
      for (let i = from; i < from + 1000; i++) {
        const id = `p${String(i).padStart(15, '0')}`;
        // Three cases a minute: the id breaks the tie.
        const created = new Date(base + Math.floor(i / 3) * 60_000).toISOString();
        instances.push({ ...template, id, business_key: `PG${i}`, created_at: created, updated_at: created });
        history.push({ instance_id: id, at: created, actor: 'window1', events: '[]' });
        const step = (n: number, group: string, by: string, assignee: string | null) => ({
          id: `${id}-${n}`,
          instance_id: id,
          tenant_id: 'city',
          element_id: 'Task_HandleLabour',
          name: '办理',
          status: 'completed',
          candidate_groups: JSON.stringify([group]),
          candidate_users: '[]',
          assignee,
          priority: 50,
          created_at: created,
          completed_at: created,
          completed_by: by,
        });
        // 人社局 handled three in four; rs1 personally one in three (some of those the department's too).
        if (i % 4 !== 3) closed.push(step(1, 'dept-rs', 'rs2', null));
        if (i % 3 === 0) closed.push(step(2, 'dept-zj', 'rs1', 'rs1'));
        search.push({
          instance_id: id,
          tenant_id: 'city',
          business_key: `PG${i}`,
          applicant_name: `${SURNAMES[i % SURNAMES.length]}${i}`,
          category: CATEGORIES[i % CATEGORIES.length],
          channel: i % 2 === 0 ? '窗口' : '12345',
          created_at: created,
        });
      }
      await knex.batchInsert('instances', instances, 200);
      await knex.batchInsert('case_search', search, 200);
      await knex.batchInsert('history', history, 200);
      await knex.batchInsert('task_history', closed, 200);
    }
    token = await rt.login('rs1');
  }, 120_000);
  afterAll(async () => rt?.stop());

  /** What rs1 may read matching `where`, by the rule itself, in the order asked. */
  const expected = async (where: Record<string, string>, order: 'asc' | 'desc', like?: string) => {
    const knex = rt.deps.db.knex;
    let q = knex('instances as i').join('case_search as cs', 'cs.instance_id', 'i.id').where('i.tenant_id', 'city');
    for (const [column, value] of Object.entries(where)) q = q.where(`cs.${column}`, value);
    if (like) q = q.where('cs.applicant_name', 'like', `${like}%`);
    q = whereCaseReadable(q, knex, rt.deps.db.dialect, 'i.id', rs1);
    return (
      (await q.select('i.id').orderBy([
        { column: 'cs.created_at', order },
        { column: 'i.id', order },
      ])) as Array<{ id: string }>
    ).map((r) => r.id);
  };
  const search = async (params: Record<string, string>) => {
    const r = await rt.request('GET', `/api/cases?${new URLSearchParams(params)}`, { token });
    expect(r.status).toBe(200);
    return r.body as Page;
  };
  /** Every page by number, then every page by cursor, up to `pages` pages. */
  const walk = async (params: Record<string, string>, pages: number) => {
    const numbered: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const r = await search({ ...params, page: String(page) });
      numbered.push(...r.items.map((i) => i.id));
      if (r.items.length < r.pageSize) break;
    }
    const cursored: string[] = [];
    let after: string | null = null;
    for (let page = 1; page <= pages; page++) {
      const r: Page = await search(after ? { ...params, after } : params);
      cursored.push(...r.items.map((i) => i.id));
      after = r.next;
      if (!after) break;
    }
    return { numbered, cursored };
  };

  it('a query with hundreds of matches: every page, numbered and by cursor, newest and oldest first', async () => {
    for (const [order, sort] of [
      ['desc', '-createdAt'],
      ['asc', 'createdAt'],
    ] as const) {
      const want = await expected({ category: '劳动纠纷', channel: '窗口' }, order);
      expect(want.length).toBeGreaterThan(250);
      const { numbered, cursored } = await walk({ category: '劳动纠纷', channel: '窗口', sort }, 100);
      expect(numbered).toEqual(want);
      expect(cursored).toEqual(want);
      expect((await search({ category: '劳动纠纷', channel: '窗口', sort })).total).toBe(want.length);
    }
    const surname = await expected({}, 'desc', '王');
    expect(surname.length).toBeGreaterThan(250);
    const { numbered, cursored } = await walk({ q: '王' }, 100);
    expect(numbered).toEqual(surname);
    expect(cursored).toEqual(surname);
  });

  it('everything: counting stops at 1,000; the first pages and a deep one are the rule’s, in order', async () => {
    const want = await expected({}, 'desc');
    expect(want.length).toBeGreaterThan(5000);
    const first = await search({});
    expect({ total: first.total, more: first.more }).toEqual({ total: 1000, more: true });
    const { numbered, cursored } = await walk({}, 5);
    expect(numbered).toEqual(want.slice(0, 100));
    expect(cursored).toEqual(want.slice(0, 100));
    expect((await search({ page: '40' })).items.map((i) => i.id)).toEqual(want.slice(780, 800));
    const category = await expected({ category: '环境污染' }, 'asc');
    expect((await search({ category: '环境污染', sort: 'createdAt', page: '3' })).items.map((i) => i.id)).toEqual(
      category.slice(40, 60),
    );
  });

  it('a cursor this service did not write is refused with what to do', async () => {
    const r = await rt.request('GET', '/api/cases?after=bm90LWEta2V5', { token });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('CASE_CURSOR_INVALID');
    expect(r.body.error.message).toContain('第一页');
  });

  it('migration 028: created_at filled for the readers before it, by the trigger after, and taken away', async () => {
    const knex = rt.deps.db.knex;
    const mismatched = async () =>
      (await knex('case_readers as r')
        .join('instances as i', 'i.id', 'r.instance_id')
        .where((w) => w.whereNull('r.created_at').orWhereRaw('r.created_at <> i.created_at'))
        .count({ n: '*' })) as Array<{ n: number | string }>;
    const rows = await knex('case_readers').count({ n: '*' });
    expect(Number((await mismatched())[0]!.n)).toBe(0);

    await migrateTo(knex, '023_case_file_rest');
    expect(await knex.schema.hasColumn('case_readers', 'created_at')).toBe(false);
    expect(await knex('case_readers').count({ n: '*' })).toEqual(rows);
    // A case worked on meanwhile: its readers are written without the column.
    const late = (await openCase(rt.deps, 'city')).row;
    await migrate(knex);
    expect(Number((await mismatched())[0]!.n)).toBe(0);
    expect(await knex('case_readers').where('instance_id', late.id).whereNotNull('created_at').pluck('reader')).toEqual(
      expect.arrayContaining(['g:window']),
    );
    // After it, the trigger fills the column as the readers are written.
    const after = (await openCase(rt.deps, 'city')).row;
    expect(
      await knex('case_readers').where('instance_id', after.id).where('created_at', after.created_at).pluck('reader'),
    ).toEqual(expect.arrayContaining(['g:window']));
    expect(Number((await mismatched())[0]!.n)).toBe(0);
  });
});
