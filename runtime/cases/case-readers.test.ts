// `case_readers` (kept by the triggers of migration 023) says exactly what the visibility rule says:
// after starts, referrals, 转办 to a department and to a person, 抄送, completions and a cancellation,
// its rows are the readers the rule derives from tasks, closed tasks, history and copies, and each
// member of staff's search lists exactly the cases they may open. Both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const INTAKE = { applicantName: '张三', phone: '13812341234', description: '工地拖欠三个月工资', channel: '窗口' };
const STAFF = ['window1', 'dispatcher1', 'rs1', 'zj1', 'zz1', 'followup1', 'grid1', 'sfs1', 'wy1', 'park1'];

describe.each(dialects)('case readers on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const post = async (user: string, path: string, body: unknown = {}) =>
    rt.request('POST', path, { token: await as(user), body });
  const tasksOf = async (id: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${id}`, { token: await as('admin') })).body as Array<{
      id: string;
    }>;
  /** A case of the appeal loop the window received, referred to `category`'s department. */
  const referred = async (category: string) => {
    const c = await post('admin', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'city' });
    const [receive] = await tasksOf(c.body.id);
    expect(
      (await post('window1', `/api/tasks/${receive!.id}/complete`, { variables: { ...INTAKE, category } })).status,
    ).toBe(200);
    const [handle] = await tasksOf(c.body.id);
    return { id: c.body.id as string, handle: handle!.id };
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  it('holds exactly the readers the rule derives, through transfers, copies, completions and a cancellation', async () => {
    const a = await referred('劳动纠纷');
    expect(
      (await post('rs1', `/api/tasks/${a.handle}/transfer`, { toGroup: 'dept-zj', reason: '由住建局办理' })).status,
    ).toBe(200);
    const b = await referred('劳动纠纷');
    expect((await post('rs1', `/api/tasks/${b.handle}/claim`)).status).toBe(200);
    expect((await post('rs1', `/api/tasks/${b.handle}/transfer`, { toUser: 'zz1', reason: '请陈静办理' })).status).toBe(
      200,
    );
    expect(
      (
        await post('zz1', `/api/tasks/${b.handle}/complete`, {
          variables: { result: '已办结并答复群众', resolved: true },
        })
      ).status,
    ).toBe(200);
    const c = await referred('劳动纠纷');
    expect(
      (await post('rs1', `/api/tasks/${c.handle}/cc`, { groups: ['dept-sj'], note: '请知悉' })).status,
    ).toBeLessThan(300);
    const d = await referred('劳动纠纷');
    expect((await post('admin', `/api/process-instances/${d.id}/cancel`, { reason: '重复登记' })).status).toBe(200);

    const knex = rt.deps.db.knex;
    const expected = new Set<string>();
    const json = (v: string) => JSON.parse(v) as string[];
    for (const t of (await knex('tasks').select()) as Array<Record<string, string | null>>) {
      if (t.assignee) expected.add(`u:${t.assignee}|${t.instance_id}`);
      for (const u of json(t.candidate_users!)) expected.add(`u:${u}|${t.instance_id}`);
      for (const g of json(t.candidate_groups!)) expected.add(`g:${g}|${t.instance_id}`);
    }
    for (const t of (await knex('task_history').select()) as Array<Record<string, string | null>>) {
      if (t.assignee) expected.add(`u:${t.assignee}|${t.instance_id}`);
      if (t.completed_by) expected.add(`u:${t.completed_by}|${t.instance_id}`);
      for (const u of json(t.candidate_users!)) expected.add(`u:${u}|${t.instance_id}`);
      for (const g of json(t.candidate_groups!)) expected.add(`g:${g}|${t.instance_id}`);
    }
    for (const h of (await knex('history').whereNotNull('actor').select('actor', 'instance_id')) as Array<{
      actor: string;
      instance_id: string;
    }>)
      expected.add(`u:${h.actor}|${h.instance_id}`);
    for (const r of (await knex('case_cc').select()) as Array<Record<string, string>>)
      expected.add(`${r.recipient_kind === 'group' ? 'g' : 'u'}:${r.recipient}|${r.instance_id}`);
    const actual = ((await knex('case_readers').select()) as Array<{ reader: string; instance_id: string }>).map(
      (r) => `${r.reader}|${r.instance_id}`,
    );
    expect(actual.sort()).toEqual([...expected].sort());
    // The department the case was transferred away from is no longer among its readers; the copied one is.
    expect(actual).not.toContain(`g:dept-rs|${a.id}`);
    expect(actual).toContain(`g:dept-zj|${a.id}`);
    expect(actual).toContain(`g:dept-sj|${c.id}`);
  });

  it("copies each case's tenant and category onto its readers (migration 030), through a category change", async () => {
    const knex = rt.deps.db.knex;
    const e = await referred('劳动纠纷');
    // The category changes after the readers were written: their rows follow it.
    expect(
      (await post('admin', `/api/process-instances/${e.id}/variables`, { variables: { category: '物业纠纷' } })).status,
    ).toBe(200);
    const mismatched = async () =>
      (await knex('case_readers as r')
        .join('instances as i', 'i.id', 'r.instance_id')
        .leftJoin('case_search as cs', 'cs.instance_id', 'r.instance_id')
        .where((w) =>
          w
            .whereRaw('r.tenant_id <> i.tenant_id')
            .orWhereNull('r.tenant_id')
            .orWhereRaw(
              "coalesce(r.category, '-') <> case when cs.instance_id is null then '-' else coalesce(cs.category, '') end",
            ),
        )
        .select('r.reader', 'r.instance_id', 'r.category', 'cs.category as search_category')) as unknown[];
    expect(await mismatched()).toEqual([]);
    expect(await knex('case_readers').where({ instance_id: e.id, category: '物业纠纷' }).pluck('reader')).toEqual(
      expect.arrayContaining(['g:window', 'g:dept-rs']),
    );
    // 人社局 finds it under its new category and no longer under the old one (counted from the reader rows).
    const byCategory = async (category: string) =>
      (
        (await rt.request('GET', `/api/cases?category=${encodeURIComponent(category)}`, { token: await as('rs1') }))
          .body.items as Array<{ id: string }>
      ).map((i) => i.id);
    expect(await byCategory('物业纠纷')).toContain(e.id);
    expect(await byCategory('劳动纠纷')).not.toContain(e.id);
  });

  it('each member of staff finds exactly the cases they may open', async () => {
    const all = ((await rt.deps.db.knex('instances').select('id')) as Array<{ id: string }>).map((r) => r.id);
    for (const user of STAFF) {
      const found: string[] = [];
      for (let page = 1; ; page++) {
        const r = await rt.request('GET', `/api/cases?page=${page}`, { token: await as(user) });
        found.push(...(r.body.items as Array<{ id: string }>).map((i) => i.id));
        if (r.body.items.length < r.body.pageSize) break;
      }
      const opens: string[] = [];
      for (const id of all)
        if ((await rt.request('GET', `/api/cases/${id}`, { token: await as(user) })).status === 200) opens.push(id);
      expect({ user, found: found.sort() }).toEqual({ user, found: opens.sort() });
    }
  });
});
