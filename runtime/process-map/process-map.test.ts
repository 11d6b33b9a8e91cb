// 流程监控: per element of a process, the cases standing there (在办), overdue there (超期) and stuck
// there (故障) — each number equal to the case list (or incidents list) its badge opens; a township's
// supervisor sees its own unit and below, never another township; all versions by default, one on
// request, with the elements the shown diagram lacks listed apart. On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { deploy, startCase } from '../testing/durability.js';
import { STUCK_PROCESS_BPMN, STUCK_PROCESS_KEY } from '../testing/stuck-case.js';

const dialects = await testDialects();
const APPEAL = {
  applicantName: '吴九',
  phone: '13500008888',
  category: '物业纠纷',
  description: '楼道漏水已经一个月没人修',
};
const LABOUR = {
  applicantName: '陈九',
  phone: '13600004444',
  category: '劳动纠纷',
  description: '服装厂拖欠两个月工资',
};

interface Element {
  elementId: string;
  name: string | null;
  inShown: boolean;
  open: number;
  overdue: number;
  incidents: number;
}
interface Statistics {
  name: string | null;
  definitions: Array<{ id: string; version: number; tenant: { id: string }; open: number }>;
  shown: { id: string; xml: string } | null;
  elements: Element[];
  totals: { open: number; overdue: number; incidents: number };
}

describe.each(dialects)('流程监控 on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    for (const u of ['admin', 'dispatcher1', 'towna-admin', 'window1']) tokens[u] = await rt.login(u);
    await call('admin', 'POST', '/api/admin/clock', { now: '2026-03-02T01:00:00.000Z' });

    // 市: one case at 部门签收办理, one at 分类转办, one at 受理登记; B街道: two at 受理登记.
    const intake = async (tenant: string) => {
      const r = (await call('admin', 'POST', `/api/public/intake/${tenant}`, { data: APPEAL })) as {
        trackingNo: string;
      };
      const [c] = (await call('admin', 'GET', `/api/process-instances?businessKey=${r.trackingNo}`)) as Array<{
        id: string;
      }>;
      return c!.id;
    };
    const step = async (id: string, changes: Record<string, unknown> = {}) => {
      const [task] = (await call('admin', 'GET', `/api/tasks?processInstanceId=${id}`)) as Array<{ id: string }>;
      const form = (await call('admin', 'GET', `/api/tasks/${task!.id}/form`)) as { data: Record<string, unknown> };
      await call('admin', 'POST', `/api/tasks/${task!.id}/complete`, { variables: { ...form.data, ...changes } });
    };
    const handled = await intake('city');
    await step(handled);
    await step(handled, { acceptance: '转办' });
    await step(handled, { department: 'dept-zj', departmentName: '市住房和城乡建设局', timeLimit: '5 workDay' });
    const dispatched = await intake('city');
    await step(dispatched);
    await step(dispatched, { acceptance: '转办' });
    await intake('city');
    await intake('street-b');
    await intake('street-b');
    // A镇: a group labour dispute goes on to the city at once (A镇's case waits on the city's).
    await call('admin', 'POST', '/api/tenants/town-a/appeals', {
      channel: 'window',
      data: { ...LABOUR, peopleCount: 23 },
    });
    // A stuck case (故障) in A镇 and one in B街道.
    for (const tenant of ['town-a', 'street-b']) {
      await deploy(rt, tokens.admin!, tenant, { 'amount-routing.bpmn': STUCK_PROCESS_BPMN });
      await startCase(rt, tokens.admin!, STUCK_PROCESS_KEY, tenant);
    }
    // Ten days on: the open steps are past their deadlines.
    await call('admin', 'POST', '/api/admin/clock', { advance: 'P10D' });
  });
  afterAll(async () => rt?.stop());

  async function call(user: string, method: string, path: string, body?: unknown) {
    const r = await rt.request(method, path, { token: tokens[user]!, ...(body === undefined ? {} : { body }) });
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  }
  const statistics = async (user: string, key: string, query: Record<string, string> = {}) =>
    (await call(user, 'GET', `/api/process-definitions/${key}/statistics?${new URLSearchParams(query)}`)) as Statistics;
  const cases = async (user: string, filters: Record<string, string>) =>
    ((await call(user, 'GET', `/api/cases?${new URLSearchParams(filters)}`)) as { total: number }).total;
  const at = (s: Statistics, id: string) => s.elements.find((e) => e.elementId === id);

  /** Every badge equals the list it opens: 在办 and 超期 the case search, 故障 the case search and the incidents list. */
  async function reconcile(user: string, key: string, s: Statistics, query: Record<string, string> = {}) {
    const scope = { process: key, ...(query.definition ? { definition: query.definition } : {}) };
    for (const e of s.elements) {
      expect(await cases(user, { ...scope, waitingAt: e.elementId }), `${e.elementId} open`).toBe(e.open);
      expect(await cases(user, { ...scope, waitingAt: e.elementId, light: 'red' }), `${e.elementId} overdue`).toBe(
        e.overdue,
      );
      expect(await cases(user, { ...scope, stuckAt: e.elementId }), `${e.elementId} stuck`).toBe(e.incidents);
      const incidents = (await call(
        user,
        'GET',
        `/api/incidents?${new URLSearchParams({ ...scope, elementId: e.elementId })}`,
      )) as unknown[];
      expect(incidents.length, `${e.elementId} incidents`).toBe(e.incidents);
    }
    expect(await cases(user, scope)).toBe(s.totals.open);
  }

  it("the city supervisor: each step's cases, overdue and stuck, equal to the lists the badges open", async () => {
    const s = await statistics('dispatcher1', 'city-appeal');
    expect(s.name).toContain('市综治中心诉求闭环');
    expect(s.shown?.xml).toContain('Task_Handle');
    expect(at(s, 'Task_Handle')).toMatchObject({ name: '部门签收办理', open: 1, overdue: 1, inShown: true });
    expect(at(s, 'Task_Dispatch')).toMatchObject({ name: '分类转办', open: 1, overdue: 1 });
    // The city's own and B街道's two at 受理登记, and the case A镇 called waits at the city's too (wherever it runs).
    expect(at(s, 'Task_Receive')).toMatchObject({ name: '受理登记', open: 4, overdue: 4 });
    expect(s.totals.open).toBe(s.elements.reduce((n, e) => n + e.open, 0));
    await reconcile('dispatcher1', 'city-appeal', s);

    const stuck = await statistics('dispatcher1', STUCK_PROCESS_KEY);
    expect(at(stuck, 'Gateway_Amount')).toMatchObject({ name: '金额判断', open: 2, incidents: 2, overdue: 0 });
    expect(stuck.totals).toEqual({ open: 2, overdue: 0, incidents: 2 });
    await reconcile('dispatcher1', STUCK_PROCESS_KEY, stuck);
  });

  it('a case waiting on the case it called stands at its call activity', async () => {
    const s = await statistics('towna-admin', 'town-a-appeal');
    expect(at(s, 'Call_City')).toMatchObject({ name: '转市级诉求闭环', open: 1, incidents: 0 });
    await reconcile('towna-admin', 'town-a-appeal', s);
    // The boundary timers of a step are its own waits, never a place of their own.
    const loop = await statistics('dispatcher1', 'city-appeal');
    expect(loop.elements.every((e) => !e.elementId.startsWith('Timer_'))).toBe(true);
  });

  it("a township's administrator sees its unit and below, never B街道's cases", async () => {
    const city = await statistics('dispatcher1', 'city-appeal', { tenant: 'street-b' });
    expect(city.totals.open).toBe(2);
    const town = await statistics('towna-admin', 'city-appeal');
    expect(town.totals).toEqual((await statistics('dispatcher1', 'city-appeal', { tenant: 'town-a' })).totals);
    expect(town.totals.open + city.totals.open).toBeLessThan(
      (await statistics('dispatcher1', 'city-appeal')).totals.open,
    );
    // The stuck case of B街道 is not A镇's: one 故障 there, and its lists say the same.
    const stuck = await statistics('towna-admin', STUCK_PROCESS_KEY);
    expect(at(stuck, 'Gateway_Amount')).toMatchObject({ open: 1, incidents: 1 });
    expect(stuck.definitions.map((d) => d.tenant.id)).toEqual(['town-a']);
    await reconcile('towna-admin', STUCK_PROCESS_KEY, stuck);
    // Asking for B街道 is refused; staff without a supervising role may not look at all.
    const other = await rt.request('GET', `/api/process-definitions/city-appeal/statistics?tenant=street-b`, {
      token: tokens['towna-admin']!,
    });
    expect([403, 404]).toContain(other.status);
    const staff = await rt.request('GET', '/api/process-definitions/city-appeal/statistics', {
      token: tokens.window1!,
    });
    expect(staff.status).toBe(403);
    // B街道's own version is not shown to A镇 either.
    const streetB = (await rt.deps.db
      .knex('definitions')
      .where({ def_key: STUCK_PROCESS_KEY, tenant_id: 'street-b' })
      .first()) as { id: string };
    const theirs = await rt.request(
      'GET',
      `/api/process-definitions/${STUCK_PROCESS_KEY}/statistics?definition=${streetB.id}`,
      { token: tokens['towna-admin']! },
    );
    expect(theirs.status).toBe(404);
    // The picker lists A镇's processes by name, with their cases in progress.
    const picker = (await call('towna-admin', 'GET', '/api/process-statistics')) as Array<{
      key: string;
      name: string | null;
      open: number;
    }>;
    expect(picker.find((p) => p.key === STUCK_PROCESS_KEY)).toMatchObject({ name: '金额分流', open: 1 });
    expect(picker.find((p) => p.key === 'town-a-appeal')?.open).toBe(1);
  });

  it('versions: all by default, the newest diagram shown with what it lacks listed apart; one version on request', async () => {
    // A second version of A镇's stuck process renames its gateway: the running case stays on the first.
    await deploy(rt, tokens.admin!, 'town-a', {
      'amount-routing.bpmn': STUCK_PROCESS_BPMN.replaceAll('Gateway_Amount', 'Gateway_Check'),
    });
    const all = await statistics('towna-admin', STUCK_PROCESS_KEY);
    expect(all.definitions.map((d) => [d.version, d.open])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(all.shown?.id).toBe(all.definitions[0]!.id);
    expect(at(all, 'Gateway_Amount')).toMatchObject({ name: '金额判断', inShown: false, open: 1, incidents: 1 });
    await reconcile('towna-admin', STUCK_PROCESS_KEY, all);

    const first = all.definitions[1]!.id;
    const v1 = await statistics('towna-admin', STUCK_PROCESS_KEY, { definition: first });
    expect(v1.shown?.id).toBe(first);
    // The picker still offers every version, each with its own cases.
    expect(v1.definitions).toEqual(all.definitions);
    expect(at(v1, 'Gateway_Amount')).toMatchObject({ inShown: true, open: 1 });
    await reconcile('towna-admin', STUCK_PROCESS_KEY, v1, { definition: first });
    const v2 = await statistics('towna-admin', STUCK_PROCESS_KEY, { definition: all.definitions[0]!.id });
    expect(v2.elements).toEqual([]);
    expect(v2.definitions).toEqual(all.definitions);
    expect(v2.totals.open).toBe(0);
    expect(await cases('towna-admin', { process: STUCK_PROCESS_KEY, definition: all.definitions[0]!.id })).toBe(0);
  });
});
