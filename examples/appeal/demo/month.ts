import type { Knex } from 'knex';
import type { ShiftedClock } from '../../../runtime/index.js';
import { jsonRequest, type JsonRequest } from './json.js';
import { plan, type CasePlan } from './plan.js';

/**
 * Drives a month of appeals through the API, day by day on the controlled clock, shaped like the
 * city's report: most at the city, the rest at townships; some answered on the spot, some not
 * accepted, most referred — a few refused and re-routed, returned by review, extended, overdue,
 * reworked after 不满意. Cases of the last days are left in progress.
 */
export interface MonthOptions {
  url: string;
  /** The server's clock, moved day by day through the month, and back to real time at the end. */
  clock: ShiftedClock;
  /** Simulated days, ending now. */
  days: number;
  appeals: number;
  seed: number;
  /** Cases worked on at once. */
  concurrency: number;
  /**
   * The server's own database, when the month runs in its process: finding a case's open task or
   * a tracking number's case is then a read of the database instead of a request (half of all
   * requests). Every change still goes through the API, as a user's would.
   */
  knex?: Knex;
}

type Task = { id: string; elementId: string; candidateGroups: string[] };

const USERS: Record<string, string> = {
  window: 'window1',
  dispatch: 'dispatcher1',
  followup: 'followup1',
  supervise: 'supervisor1',
  'dept-rs': 'rs1',
  'dept-zj': 'zj1',
  'dept-zz': 'zz1',
  'east-grid': 'grid1',
  'town-a-sfs': 'sfs1',
  'street-b-wy': 'wy1',
  'park-center': 'park1',
};
const DAY = 86_400_000;

export async function runMonth(options: MonthOptions): Promise<{ cases: number; requests: number }> {
  let requests = 0;
  const raw = jsonRequest(options.url);
  const request: JsonRequest = (method, path, init) => (requests++, raw(method, path, init));
  // One sign-in per account, shared by the cases worked on at once (parallel sign-ins of one account are throttled).
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (username: string): Promise<string> => {
    let t = tokens.get(username);
    if (!t) {
      t = request('POST', '/api/auth/login', { body: { username, password: 'demo-password' } }).then((r) => {
        if (r.status !== 200)
          throw new Error(`the demo needs the example account ${username}: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body.token as string;
      });
      tokens.set(username, t);
    }
    return t;
  };
  const admin = await tokenOf('city-admin');
  const must = async (what: string, p: Promise<{ status: number; body: any }>) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  const end = Date.now();
  // Midnight in Shanghai, `days` days ago.
  const start = Math.floor((end + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000 - options.days * DAY;
  const cases = plan(options.appeals, options.days, options.seed);
  const enterprises = new Map<string, string>();
  const enterpriseOf = async (tenant: string) => {
    let id = enterprises.get(tenant);
    if (!id) {
      id = (
        await must(
          'register an enterprise',
          request('POST', '/api/enterprises', {
            token: admin,
            body: { name: tenant === 'park' ? '化工园区某化工有限公司' : '某制造有限公司', tenantId: tenant },
          }),
        )
      ).id as string;
      enterprises.set(tenant, id);
    }
    return id;
  };
  const setClock = (ms: number) => options.clock.set(new Date(ms).toISOString());

  /** Completes the case's open task (the first one, as a user of its group would) with the intake data and `changes`. */
  const complete = async (c: CasePlan & { id: string }, changes: Record<string, unknown>, read = false) => {
    const task = await openTask(c);
    // 东村's grid worker verifies A镇's own online appeals too: the step is offered to their group.
    const token = await tokenOf(USERS[task.candidateGroups[0] ?? ''] ?? 'city-admin');
    const data = read
      ? ((await must('read a form', request('GET', `/api/tasks/${task.id}/form`, { token }))).data as Record<
          string,
          unknown
        >)
      : {};
    await must(
      `complete ${task.elementId}`,
      request('POST', `/api/tasks/${task.id}/complete`, {
        token,
        body: { variables: { ...c.data, ...data, ...changes } },
      }),
    );
    return task;
  };

  const running: Array<CasePlan & { id: string; next: number }> = [];
  for (let day = 0; day < options.days; day++) {
    setClock(Math.min(start + day * DAY + 9 * 3_600_000, end));
    const arriving = cases.filter((c) => c.day === day);
    await inBatches(arriving, options.concurrency, async (c) => {
      const id = await submit(c);
      running.push({ ...c, id, next: 0 });
    });
    const due = running.filter((c) => c.next < c.steps.length && c.day + c.steps[c.next]!.after <= day);
    await inBatches(due, options.concurrency, async (c) => {
      while (c.next < c.steps.length && c.day + c.steps[c.next]!.after <= day) {
        const s = c.steps[c.next]!;
        if (s.kind === 'extend') {
          const task = await openTask(c);
          const handler = await tokenOf(USERS[task.candidateGroups[0] ?? ''] ?? 'city-admin');
          await must('sign for the task', request('POST', `/api/tasks/${task.id}/claim`, { token: handler }));
          const ask = await request('POST', `/api/tasks/${task.id}/extension-requests`, {
            token: handler,
            body: { reason: '需现场勘验并协调多方，申请延期', extendBy: '3 workDay' },
          });
          // Asked too late (a short limit over a weekend): no extension, the case runs overdue.
          if (ask.status === 409 && ask.body?.error?.code === 'DEADLINE_PASSED') {
            c.next++;
            continue;
          }
          const asked = await must('ask for more time', Promise.resolve(ask));
          await must(
            'approve the extension',
            request('POST', `/api/extension-requests/${asked.id}/approve`, {
              token: await tokenOf('dispatcher1'),
              body: { note: '同意延期三个工作日' },
            }),
          );
        } else {
          await complete(c, s.changes, s.read === true);
        }
        c.next++;
      }
    });
  }
  options.clock.set(new Date().toISOString());
  return { cases: cases.length, requests };

  /** The case's open task; when the case has gone on to the city (a called case), that case's. */
  async function openTask(c: { id: string }): Promise<Task> {
    for (let hops = 0; hops < 3; hops++) {
      const [task] = await openTasksOf(c.id);
      if (task) return task;
      const [child] = (await must(
        'find the called case',
        request('GET', `/api/process-instances?parentId=${c.id}&status=active`, { token: admin }),
      )) as Array<{ id: string }>;
      if (!child) break;
      c.id = child.id;
    }
    throw new Error(`case ${c.id} has no open task`);
  }

  async function submit(c: CasePlan): Promise<string> {
    if (c.channel === 'window' || c.channel === 'phone') {
      return (
        await must(
          'register an appeal',
          request('POST', `/api/tenants/${c.tenant}/appeals`, {
            token: await tokenOf(c.tenant === 'city' ? 'window1' : 'city-admin'),
            body: { channel: c.channel, data: c.data },
          }),
        )
      ).processInstanceId as string;
    }
    const body = {
      data: c.data,
      ...(c.channel === 'mini-program' ? { via: 'mini-program' } : {}),
      ...(c.channel === 'enterprise-qr' ? { enterprise: await enterpriseOf(c.tenant) } : {}),
    };
    const trackingNo = (await must('submit an appeal', request('POST', `/api/public/intake/${c.tenant}`, { body })))
      .trackingNo as string;
    if (options.knex)
      return ((await options.knex('instances').where({ business_key: trackingNo }).first('id')) as { id: string }).id;
    return (
      (await must(
        'find the appeal',
        request('GET', `/api/process-instances?businessKey=${trackingNo}`, { token: admin }),
      )) as Array<{ id: string }>
    )[0]!.id;
  }

  async function openTasksOf(instanceId: string): Promise<Task[]> {
    if (!options.knex)
      return (await must(
        'list tasks',
        request('GET', `/api/tasks?processInstanceId=${instanceId}`, { token: admin }),
      )) as Task[];
    const rows = (await options
      .knex('tasks')
      .where({ instance_id: instanceId, status: 'open' })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select('id', 'element_id', 'candidate_groups')) as Array<{
      id: string;
      element_id: string;
      candidate_groups: string | string[] | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      elementId: r.element_id,
      candidateGroups:
        typeof r.candidate_groups === 'string'
          ? (JSON.parse(r.candidate_groups) as string[])
          : (r.candidate_groups ?? []),
    }));
  }
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  const worker = async () => {
    while (i < items.length) await work(items[i++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
