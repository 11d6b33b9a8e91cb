import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../../testing/databases.js';
import { INTAKE, appealLoopXml, linearBpmn, seedUsers, simpleForm } from '../../testing/http.js';

const dialects = await testDialects();
const PASSWORD = 'isolation-pass-1';

type Res = { status: number; body: any };

/** street-b's own process: an external job, then a message wait, then a task for its own department. */
const SB_XML = linearBpmn('sb-work', [
  { kind: 'service', id: 'Work', type: 'sb-job' },
  { kind: 'message', id: 'Wait', message: 'sb-msg', correlationKey: '=caseNo' },
  { kind: 'user', id: 'Review', candidateGroups: 'sb-dept', formId: 'sb-form' },
]);

/** The same id with its uuid part replaced: same shape, but nothing by that id exists. */
const fakeLike = (id: string) => id.replace(/^[0-9a-f-]{36}/, randomUUID());

/** A minimal body that satisfies a JSON Schema (required fields only), so a request gets past validation. */
function sampleOf(schema: any): unknown {
  if (!schema || typeof schema !== 'object') return {};
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) return sampleOf(schema.anyOf[0]);
  if (Array.isArray(schema.oneOf)) return sampleOf(schema.oneOf[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        ((schema.required ?? []) as string[]).map((k) => [k, sampleOf(schema.properties?.[k])]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date-time') return '2026-03-02T09:00:00Z';
      if (typeof schema.pattern === 'string' && /\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(schema.pattern)) return '2026-03-02';
      if (typeof schema.pattern === 'string' && /^\^P|\[PT/.test(schema.pattern)) return 'P1D';
      return 'x1'.padEnd(schema.minLength ?? 1, 'x');
    }
    default:
      return {};
  }
}

describe.each(dialects)('tenant isolation on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  const tokens: Record<string, string> = {};
  /** street-b's things, by kind. */
  const sb = {
    appeal: '',
    appealTask: '',
    incidentCase: '',
    incident: '',
    jobCase: '',
    job: '',
    waitingCase: '',
    definition: '',
    formDefinition: '',
    deployment: '',
  };
  const ta = { appeal: '', appealTask: '' };

  const as = (user: string, method: string, path: string, body?: unknown) =>
    rt.request(method, path, { token: tokens[user], ...(body !== undefined ? { body } : {}) });

  /** Everything of street-b that a request could change. */
  const streetBSnapshot = async () => {
    const k = rt.deps.db.knex;
    const ids = (await k('instances').where({ tenant_id: 'street-b' }).select('id')).map((r: { id: string }) => r.id);
    return {
      instances: await k('instances')
        .where({ tenant_id: 'street-b' })
        .select('id', 'version', 'status', 'state')
        .orderBy('id'),
      tasks: await k('tasks').where({ tenant_id: 'street-b' }).select('id', 'status', 'assignee').orderBy('id'),
      closedTasks: await k('task_history')
        .where({ tenant_id: 'street-b' })
        .select('id', 'status', 'assignee', 'completed_by')
        .orderBy('id'),
      jobs: await k('jobs')
        .where({ tenant_id: 'street-b' })
        .select('id', 'lock_owner', 'retries', 'due_at')
        .orderBy('id'),
      incidents: await k('incidents').where({ tenant_id: 'street-b' }).select('id', 'status').orderBy('id'),
      subscriptions: await k('subscriptions').where({ tenant_id: 'street-b' }).select('id').orderBy('id'),
      history: Number((await k('history').whereIn('instance_id', ids).count('* as n'))[0]!.n),
      definitions: await k('definitions').where({ tenant_id: 'street-b' }).select('id').orderBy('id'),
      users: await k('users').where({ tenant_id: 'street-b' }).select('username', 'roles').orderBy('username'),
      groups: await k('groups').where({ tenant_id: 'street-b' }).select('id', 'name').orderBy('id'),
      memberships: await k('memberships')
        .whereIn('group_id', ['sb-dept', 'window'])
        .select('username', 'group_id')
        .orderBy(['username', 'group_id']),
      tenants: await k('tenants').where({ parent_id: 'street-b' }).select('id'),
    };
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    for (const [id, tenantId] of [
      ['ta-dept', 'town-a'],
      ['sb-dept', 'street-b'],
    ]) {
      expect((await rt.request('POST', '/api/groups', { token: admin, body: { id, name: id, tenantId } })).status).toBe(
        201,
      );
    }
    await seedUsers(rt.deps.db.knex, PASSWORD, [
      { username: 'ta-staff', tenantId: 'town-a', roles: ['staff'], groups: ['window', 'ta-dept'] },
      { username: 'ta-super', tenantId: 'town-a', roles: ['supervisor', 'staff'], groups: ['window'] },
      { username: 'sb-admin', tenantId: 'street-b', roles: ['tenant-admin'] },
      { username: 'sb-staff', tenantId: 'street-b', roles: ['staff'], groups: ['window', 'sb-dept'] },
    ]);
    tokens['ta-admin'] = await rt.login('towna-admin');
    for (const u of ['ta-staff', 'ta-super', 'sb-admin', 'sb-staff']) tokens[u] = await rt.login(u, PASSWORD);

    const deployed = await as('sb-admin', 'POST', '/api/deployments', {
      tenant: 'street-b',
      resources: [{ name: 'sb-work.bpmn', content: SB_XML }, simpleForm('sb-form')],
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    sb.definition = deployed.body.processes[0].id;
    sb.formDefinition = deployed.body.forms[0].id;
    sb.deployment = deployed.body.id;

    const start = async (user: string, processKey: string, tenant: string, variables: Record<string, unknown> = {}) => {
      const r = await as(user, 'POST', '/api/process-instances', { processKey, tenant, variables });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    ta.appeal = await start('ta-staff', 'appeal-loop', 'town-a');
    sb.appeal = await start('sb-staff', 'appeal-loop', 'street-b');
    ta.appealTask = (await as('ta-staff', 'GET', `/api/tasks?processInstanceId=${ta.appeal}`)).body[0].id;
    sb.appealTask = (await as('sb-staff', 'GET', `/api/tasks?processInstanceId=${sb.appeal}`)).body[0].id;
    sb.incidentCase = await start('sb-admin', 'sb-work', 'street-b', { caseNo: 'K1' });
    sb.jobCase = await start('sb-admin', 'sb-work', 'street-b', { caseNo: 'K2' });
    sb.waitingCase = await start('sb-admin', 'sb-work', 'street-b', { caseNo: 'K3' });
    const jobs = (await as('sb-admin', 'POST', '/api/jobs/activate', { type: 'sb-job', worker: 'sb-worker' }))
      .body as Array<{ id: string; processInstanceId: string }>;
    const jobOf = (c: string) => jobs.find((j) => j.processInstanceId === c)!.id;
    expect(
      (
        await as('sb-admin', 'POST', `/api/jobs/${jobOf(sb.incidentCase)}/fail`, {
          worker: 'sb-worker',
          retries: 0,
          errorMessage: 'down',
        })
      ).status,
    ).toBe(200);
    expect(
      (await as('sb-admin', 'POST', `/api/jobs/${jobOf(sb.waitingCase)}/complete`, { worker: 'sb-worker' })).status,
    ).toBe(200);
    expect(
      (
        await as('sb-admin', 'POST', `/api/jobs/${jobOf(sb.jobCase)}/fail`, {
          worker: 'sb-worker',
          retries: 2,
          errorMessage: 'later',
          retryBackoffMs: 0,
        })
      ).status,
    ).toBe(200);
    sb.job = jobOf(sb.jobCase);
    sb.incident = (await as('sb-admin', 'GET', `/api/incidents?processInstanceId=${sb.incidentCase}`)).body[0].id;
    expect(sb.incident).toBeTruthy();
    expect((await as('sb-admin', 'GET', `/api/process-instances/${sb.waitingCase}`)).body.activeElementIds).toEqual([
      'Wait',
    ]);
  });
  afterAll(async () => rt?.stop());

  it('the setup works from inside: each township sees its own case, task and data', async () => {
    expect((await as('ta-staff', 'GET', '/api/tasks')).body.map((t: { id: string }) => t.id)).toEqual([ta.appealTask]);
    expect(
      (await as('sb-staff', 'GET', '/api/tasks?candidateGroup=window')).body.map((t: { id: string }) => t.id),
    ).toEqual([sb.appealTask]);
    expect((await as('sb-admin', 'GET', `/api/process-definitions/${sb.definition}`)).status).toBe(200);
    expect((await as('sb-admin', 'GET', '/api/forms/sb-form?tenant=street-b')).status).toBe(200);
  });

  it('lists never contain street-b data for any town-a user', async () => {
    const secrets = [
      'street-b',
      'sb-work',
      'sb-form',
      'sb-dept',
      'sb-admin',
      'sb-staff',
      sb.appeal,
      sb.appealTask,
      sb.incidentCase,
      sb.incident,
      sb.jobCase,
      sb.job,
      sb.waitingCase,
      sb.definition,
      sb.deployment,
    ];
    const lists = [
      '/api/process-instances',
      '/api/process-instances?limit=500',
      `/api/process-instances?businessKey=x`,
      '/api/tasks',
      '/api/tasks?status=completed',
      '/api/tasks?candidateGroup=window',
      `/api/tasks?processInstanceId=${sb.appeal}`,
      '/api/tasks?candidateGroup=sb-dept',
      '/api/tasks?candidateUser=sb-staff',
      '/api/incidents',
      `/api/incidents?processInstanceId=${sb.incidentCase}`,
      '/api/incidents?status=resolved',
      '/api/process-definitions',
      '/api/process-definitions?key=sb-work',
      '/api/process-definitions?tenant=town-a',
      '/api/form-definitions',
      '/api/form-definitions?tenant=town-a',
      '/api/decision-definitions',
      '/api/decision-definitions?tenant=town-a',
      '/api/tenants',
      '/api/groups',
      '/api/groups?assignable=true',
      '/api/users',
      '/api/dashboard',
    ];
    let read = 0;
    for (const user of ['ta-admin', 'ta-staff', 'ta-super']) {
      for (const path of lists) {
        const r = await as(user, 'GET', path);
        if (r.status === 403) continue; // staff may not list users at all
        expect(r.status, `${user} GET ${path}`).toBe(200);
        const text = JSON.stringify(r.body);
        for (const s of secrets) expect(text.includes(s), `${user} GET ${path} shows ${s}`).toBe(false);
        read++;
      }
    }
    expect(read).toBeGreaterThanOrEqual(50);
    // The inbox of a town-a clerk holds town-a's intake task only, though street-b's is in the same group.
    expect(
      (await as('ta-staff', 'GET', '/api/tasks?candidateGroup=window')).body.map((t: { id: string }) => t.id),
    ).toEqual([ta.appealTask]);
  });

  it("a township sees the groups it may assign tasks to: its own and its ancestors', never a sibling's", async () => {
    const ids = async (path: string) =>
      ((await as('ta-admin', 'GET', path)).body as Array<{ id: string }>).map((g) => g.id);
    const own = await ids('/api/groups');
    expect(own).toContain('ta-dept');
    expect(own).not.toContain('dept-rs');
    const assignable = await ids('/api/groups?assignable=true');
    expect(assignable).toEqual(expect.arrayContaining(['ta-dept', 'dept-rs', 'dept-zj', 'window']));
    expect(assignable).not.toContain('sb-dept');
  });

  it('a town-a worker activating street-b job types gets nothing and locks nothing', async () => {
    const before = await rt.deps.db.knex('jobs').where({ id: sb.job }).first();
    for (const user of ['ta-admin', 'ta-staff']) {
      const r = await as(user, 'POST', '/api/jobs/activate', { type: 'sb-job', worker: 'thief', maxJobs: 100 });
      expect(r).toEqual({ status: 200, body: [] });
    }
    expect(await rt.deps.db.knex('jobs').where({ id: sb.job }).first()).toEqual(before);
  });

  it('by id, every endpoint answers a town-a user exactly as for a street-b thing that does not exist (404), and changes nothing', async () => {
    const before = await streetBSnapshot();
    const fakeTenant = 'no-such-tenant';
    /** [what, method, path (with $ for the id), body (with $ for the id), real id, fake id] */
    const cases: Array<[string, string, string, unknown, string, string]> = [
      ['case', 'GET', '/api/process-instances/$', undefined, sb.appeal, fakeLike(sb.appeal)],
      ['history', 'GET', '/api/process-instances/$/history', undefined, sb.appeal, fakeLike(sb.appeal)],
      ['cancel', 'POST', '/api/process-instances/$/cancel', { reason: 'x' }, sb.appeal, fakeLike(sb.appeal)],
      [
        'move',
        'POST',
        '/api/process-instances/$/move',
        { cancel: ['Task_Receive'], activate: ['Task_FollowUp'], reason: 'x' },
        sb.appeal,
        fakeLike(sb.appeal),
      ],
      [
        'variables',
        'POST',
        '/api/process-instances/$/variables',
        { variables: { hacked: true } },
        sb.appeal,
        fakeLike(sb.appeal),
      ],
      ['task', 'GET', '/api/tasks/$', undefined, sb.appealTask, fakeLike(sb.appealTask)],
      ['task form', 'GET', '/api/tasks/$/form', undefined, sb.appealTask, fakeLike(sb.appealTask)],
      ['case file', 'GET', '/api/cases/$', undefined, sb.appeal, fakeLike(sb.appeal)],
      ['case diagram', 'GET', '/api/cases/$/diagram', undefined, sb.appeal, fakeLike(sb.appeal)],
      ['case print', 'GET', '/api/cases/$/print', undefined, sb.appeal, fakeLike(sb.appeal)],
      ['case opinion', 'POST', '/api/cases/$/opinions', { body: 'x' }, sb.appeal, fakeLike(sb.appeal)],
      ['task opinion', 'POST', '/api/tasks/$/comments', { body: 'x' }, sb.appealTask, fakeLike(sb.appealTask)],
      ['task draft', 'PUT', '/api/tasks/$/draft', { data: { x: 1 } }, sb.appealTask, fakeLike(sb.appealTask)],
      ['task draft read', 'GET', '/api/tasks/$/draft', undefined, sb.appealTask, fakeLike(sb.appealTask)],
      ['claim', 'POST', '/api/tasks/$/claim', {}, sb.appealTask, fakeLike(sb.appealTask)],
      ['unclaim', 'POST', '/api/tasks/$/unclaim', {}, sb.appealTask, fakeLike(sb.appealTask)],
      ['complete', 'POST', '/api/tasks/$/complete', { variables: INTAKE }, sb.appealTask, fakeLike(sb.appealTask)],
      ['inbox of a case', 'GET', '/api/tasks?tenant=$', undefined, 'street-b', fakeTenant],
      ['incident retry', 'POST', '/api/incidents/$/retry', {}, sb.incident, fakeLike(sb.incident)],
      ['job complete', 'POST', '/api/jobs/$/complete', { worker: 'sb-worker' }, sb.job, fakeLike(sb.job)],
      ['job fail', 'POST', '/api/jobs/$/fail', { worker: 'sb-worker', retries: 0 }, sb.job, fakeLike(sb.job)],
      [
        'job error',
        'POST',
        '/api/jobs/$/throw-error',
        { worker: 'sb-worker', errorCode: 'E' },
        sb.job,
        fakeLike(sb.job),
      ],
      ['definition', 'GET', '/api/process-definitions/$', undefined, sb.definition, randomUUID()],
      ['definition xml', 'GET', '/api/process-definitions/$/xml', undefined, sb.definition, randomUUID()],
      ['definitions of a tenant', 'GET', '/api/process-definitions?tenant=$', undefined, 'street-b', fakeTenant],
      ['form seen by town-a', 'GET', '/api/forms/$?tenant=town-a', undefined, 'sb-form', 'no-such-form'],
      ['form of street-b', 'GET', '/api/forms/appeal-intake?tenant=$', undefined, 'street-b', fakeTenant],
      [
        'start street-b process in town-a',
        'POST',
        '/api/process-instances',
        { processKey: '$', tenant: 'town-a' },
        'sb-work',
        'no-such-process',
      ],
      [
        'start a case in street-b',
        'POST',
        '/api/process-instances',
        { processKey: 'appeal-loop', tenant: '$' },
        'street-b',
        fakeTenant,
      ],
      [
        'message into street-b',
        'POST',
        '/api/messages',
        { name: 'sb-msg', correlationKey: 'K3', tenant: '$' },
        'street-b',
        fakeTenant,
      ],
      [
        'deploy to street-b',
        'POST',
        '/api/deployments',
        { tenant: '$', resources: [{ name: 'x.bpmn', content: SB_XML }] },
        'street-b',
        fakeTenant,
      ],
      [
        'user in street-b',
        'POST',
        '/api/users',
        { username: 'intruder', password: PASSWORD, displayName: 'x', tenantId: '$' },
        'street-b',
        fakeTenant,
      ],
      [
        'user in street-b group',
        'POST',
        '/api/users',
        { username: 'intruder', password: PASSWORD, displayName: 'x', tenantId: 'town-a', groups: ['$'] },
        'sb-dept',
        'no-such-group',
      ],
      [
        'group in street-b',
        'POST',
        '/api/groups',
        { id: 'intruders', name: 'x', tenantId: '$' },
        'street-b',
        fakeTenant,
      ],
      [
        'tenant under street-b',
        'POST',
        '/api/tenants',
        { id: 'intruder-village', name: 'x', parentId: '$' },
        'street-b',
        fakeTenant,
      ],
    ];
    let compared = 0;
    for (const user of ['ta-admin', 'ta-super', 'ta-staff']) {
      for (const [what, method, path, body, real, fake] of cases) {
        const send = (id: string) =>
          as(
            user,
            method,
            path.replace('$', id),
            body === undefined ? undefined : JSON.parse(JSON.stringify(body).replace('$', id)),
          );
        const [a, b] = [await send(real), await send(fake)];
        const normal = (r: Res, id: string) => ({
          status: r.status,
          body: JSON.parse(JSON.stringify(r.body).split(id).join('<id>')),
        });
        expect(normal(a, real), `${user}: ${what}`).toEqual(normal(b, fake));
        expect([400, 403, 404], `${user}: ${what} → ${a.status}`).toContain(a.status);
        if (user === 'ta-admin')
          expect(
            a.status === 404 || (what === 'user in street-b group' && a.status === 400),
            `${user}: ${what} → ${a.status}`,
          ).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(cases.length * 3);
    expect(await streetBSnapshot()).toEqual(before);
  });

  it('every route of the API, swept from its OpenAPI description: a street-b id answers exactly like a missing one, never 2xx or 5xx', async () => {
    const before = await streetBSnapshot();
    const doc = (await rt.request('GET', '/api/openapi.json')).body;
    const byPrefix: Array<[RegExp, string]> = [
      [/^\/api\/tasks\/\{id\}/, sb.appealTask],
      [/^\/api\/process-instances\/\{id\}/, sb.appeal],
      [/^\/api\/cases\/\{id\}/, sb.appeal],
      [/^\/api\/incidents\/\{id\}/, sb.incident],
      [/^\/api\/jobs\/\{id\}/, sb.job],
      [/^\/api\/process-definitions\/\{id\}/, sb.definition],
      [/^\/api\/groups\/\{id\}/, 'sb-dept'],
      [/^\/api\/forms\/\{key\}/, 'sb-form'],
      [/^\/api\/form-definitions\/\{id\}/, sb.formDefinition],
    ];
    const fixed: Record<string, string> = { year: '2026', month: '2026-03' };
    let swept = 0;
    let reachedLookup = 0;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const variable = params.filter((p) => !(p in fixed));
      if (variable.length !== 1) continue;
      // The public intake pages are every tenant's to show citizens, by design (public-intake.test.ts).
      if (path.startsWith('/api/public/')) continue;
      const name = variable[0]!;
      const candidates =
        name === 'tenant'
          ? ['street-b']
          : byPrefix.find(([re]) => re.test(path))
            ? [byPrefix.find(([re]) => re.test(path))![1]]
            : [sb.appeal, sb.appealTask, sb.incident, sb.job, sb.definition, 'sb-dept', 'street-b'];
      for (const [method, op] of Object.entries(ops)) {
        // A multipart upload is swept without its file: access is checked before the body is read.
        const json = op.requestBody?.content['application/json'];
        const body = json ? sampleOf(json.schema) : undefined;
        const query = (
          op.parameters as Array<{ in: string; name: string; required?: boolean; schema: unknown }>
        ).filter((p) => p.in === 'query' && p.required);
        const qs = query.length
          ? `?${query.map((p) => `${p.name}=${p.name === 'tenant' ? 'town-a' : encodeURIComponent(String(sampleOf(p.schema)))}`).join('&')}`
          : '';
        for (const real of candidates) {
          const fake = /^[0-9a-f]{8}-/.test(real) ? fakeLike(real) : `no-such-${name}`;
          const url = (id: string) =>
            path.replace(`{${name}}`, encodeURIComponent(id)).replace(/\{(\w+)\}/g, (_, p: string) => fixed[p]!) + qs;
          for (const user of ['ta-admin', 'ta-staff']) {
            const [a, b] = [
              await as(user, method.toUpperCase(), url(real), body),
              await as(user, method.toUpperCase(), url(fake), body),
            ];
            const where = `${user} ${method} ${path} with ${real}`;
            expect(a.status, `${where}: ${JSON.stringify(a.body)}`).toBeGreaterThanOrEqual(400);
            expect(a.status, where).toBeLessThan(500);
            expect(JSON.stringify(a.body).split(real).join('<id>'), where).toEqual(
              JSON.stringify(b.body).split(fake).join('<id>'),
            );
            if (a.status === 404) reachedLookup++;
            swept++;
          }
        }
      }
    }
    expect(swept).toBeGreaterThanOrEqual(40);
    expect(reachedLookup).toBeGreaterThanOrEqual(30);
    expect(await streetBSnapshot()).toEqual(before);
  });

  it('a message published in town-a never reaches a street-b case waiting for the same name and key', async () => {
    const r = await as('ta-admin', 'POST', '/api/messages', {
      name: 'sb-msg',
      correlationKey: 'K3',
      tenant: 'town-a',
      variables: { injected: true },
    });
    expect(r).toEqual({ status: 200, body: { correlated: [], started: [] } });
    const waiting = (await as('sb-admin', 'GET', `/api/process-instances/${sb.waitingCase}`)).body;
    expect(waiting.activeElementIds).toEqual(['Wait']);
    expect(waiting.variables).not.toHaveProperty('injected');
  });

  it('street-b cannot reach into town-a either', async () => {
    for (const path of [
      `/api/process-instances/${ta.appeal}`,
      `/api/tasks/${ta.appealTask}`,
      `/api/process-instances/${ta.appeal}/history`,
    ]) {
      expect((await as('sb-admin', 'GET', path)).status).toBe(404);
      expect((await as('sb-staff', 'GET', path)).status).toBe(404);
    }
    expect((await as('sb-staff', 'POST', `/api/tasks/${ta.appealTask}/complete`, { variables: INTAKE })).status).toBe(
      404,
    );
    expect((await as('ta-staff', 'GET', `/api/tasks/${ta.appealTask}`)).body.status).toBe('open');
  });

  it("a township's own appeal-loop overrides the city's for that township (and below) only; running cases keep their version", async () => {
    const cityDef = (
      await rt.request('GET', '/api/process-definitions?tenant=city&key=appeal-loop&latest=true', { token: admin })
    ).body[0];
    const running = ta.appeal; // started in town-a on the city's version, still at Task_Receive
    const variant = appealLoopXml((x) =>
      x.replace('name="受理登记"', 'name="A镇受理登记"').replace('name="人社局办理"', 'name="A镇人社办理"'),
    );
    const deployed = await as('ta-admin', 'POST', '/api/deployments', {
      tenant: 'town-a',
      resources: [{ name: 'appeal-loop.bpmn', content: variant }],
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body.processes).toEqual([
      { id: expect.any(String), key: 'appeal-loop', version: 1, tenant: 'town-a', name: '诉求受理闭环' },
    ]);
    const townDef = deployed.body.processes[0].id as string;

    const startIn = async (tenant: string) => {
      const r = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'appeal-loop', tenant },
      });
      expect(r.status).toBe(201);
      const task = (await rt.request('GET', `/api/tasks?processInstanceId=${r.body.id}`, { token: admin })).body[0];
      return { definitionId: r.body.definitionId, firstTask: task.name };
    };
    expect(await startIn('town-a')).toEqual({ definitionId: townDef, firstTask: 'A镇受理登记' });
    expect(await startIn('town-a-east')).toEqual({ definitionId: townDef, firstTask: 'A镇受理登记' });
    expect(await startIn('street-b')).toEqual({ definitionId: cityDef.id, firstTask: '受理登记' });
    expect(await startIn('park')).toEqual({ definitionId: cityDef.id, firstTask: '受理登记' });
    expect(await startIn('city')).toEqual({ definitionId: cityDef.id, firstTask: '受理登记' });

    // The case that was running before the override stays on the city's version to its end.
    expect((await as('ta-staff', 'GET', `/api/process-instances/${running}`)).body.definitionId).toBe(cityDef.id);
    expect((await as('ta-staff', 'POST', `/api/tasks/${ta.appealTask}/complete`, { variables: INTAKE })).status).toBe(
      200,
    );
    const next = (await rt.request('GET', `/api/tasks?processInstanceId=${running}`, { token: admin })).body[0];
    expect(next).toMatchObject({ elementId: 'Task_HandleLabour', name: '人社局办理' });

    // street-b neither sees nor can read town-a's version.
    const seenByB = (await as('sb-admin', 'GET', '/api/process-definitions?tenant=street-b&key=appeal-loop')).body.map(
      (d: { id: string }) => d.id,
    );
    expect(seenByB).toEqual([cityDef.id]);
    expect((await as('sb-admin', 'GET', `/api/process-definitions/${townDef}`)).status).toBe(404);
    expect((await as('sb-admin', 'GET', `/api/process-definitions/${townDef}/xml`)).status).toBe(404);
    expect(
      (await as('ta-staff', 'GET', '/api/process-definitions?tenant=town-a&key=appeal-loop&latest=true')).body
        .map((d: { tenant: string }) => d.tenant)
        .sort(),
    ).toEqual(['city', 'town-a']);
  });
});
