import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE, linearBpmn, seedUsers } from '../testing/http.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const PASSWORD = 'least-privilege-1';

/** The example intake form with a `$id` of its own, as a form exported from another tool may carry. */
const intakeWithId = () => {
  const form = JSON.parse(
    readFileSync(new URL('../../examples/appeal/appeal-intake.form.json', import.meta.url), 'utf8'),
  );
  form.schema.$id = 'https://forms.example.org/appeal-intake.json';
  return { name: 'appeal-intake.form.json', content: form };
};

const MESSAGE_XML = linearBpmn('lp-wait', [
  { kind: 'message', id: 'Wait', message: 'lp-approved', correlationKey: '=caseNo' },
  { kind: 'user', id: 'Review', candidateGroups: 'dept-rs' },
]);

describe.each(dialects)('least privilege on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = (user: string, method: string, path: string, body?: unknown) =>
    rt.request(method, path, { token: tokens[user], ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 100 } });
    tokens.admin = await rt.login('admin');
    await seedUsers(rt.deps.db.knex, PASSWORD, [
      { username: 'ta-admin', tenantId: 'town-a', roles: ['tenant-admin'] },
      { username: 'ta-window', tenantId: 'town-a', roles: ['staff'], groups: ['window'] },
      { username: 'ta-rs', tenantId: 'town-a', roles: ['staff'], groups: ['dept-rs'] },
      { username: 'ta-super', tenantId: 'town-a', roles: ['staff', 'supervisor'] },
      { username: 'ta-feed', tenantId: 'town-a', roles: ['integration'] },
      { username: 'sb-window', tenantId: 'street-b', roles: ['staff'], groups: ['window'] },
      { username: 'sb-super', tenantId: 'street-b', roles: ['supervisor'] },
    ]);
    for (const u of ['ta-admin', 'ta-window', 'ta-rs', 'ta-super', 'ta-feed', 'sb-window', 'sb-super'])
      tokens[u] = await rt.login(u, PASSWORD);
  }, 60_000);
  afterAll(async () => rt?.stop());

  it('compiles a form once per version: a form with its own $id serves every tenant and every submission', async () => {
    for (const tenant of ['town-a', 'street-b']) {
      const r = await as('admin', 'POST', '/api/deployments', { tenant, resources: [intakeWithId()] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const web = await as('admin', 'PUT', `/api/tenants/${tenant}/channels`, {
        channels: { web: { processKey: 'appeal-loop', formKey: 'appeal-intake' } },
      });
      expect(web.status, JSON.stringify(web.body)).toBe(200);
    }
    for (const tenant of ['town-a', 'town-a', 'street-b', 'street-b']) {
      const r = await rt.request('POST', `/api/public/intake/${tenant}`, {
        body: { data: { ...INTAKE, phone: '13800138001' } },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const [task] = (await as('ta-window', 'GET', '/api/tasks?candidateGroup=window&tenant=town-a')).body;
    const done = await as('ta-window', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: { ...INTAKE, channel: '窗口' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // The validator is cached on the form definition's object, which the store keeps once per definition id.
    const knex = rt.deps.db.knex;
    const row = await knex('definitions')
      .where({ kind: 'form', def_key: 'appeal-intake', tenant_id: 'town-a' })
      .first();
    expect(await rt.deps.definitions.form(knex, row.id)).toBe(await rt.deps.definitions.form(knex, row.id));
  });

  it('shows plain staff only the cases they work on; supervisors their subtree; another township nothing', async () => {
    const started = await as('ta-admin', 'POST', '/api/process-instances', {
      processKey: 'appeal-loop',
      tenant: 'town-a',
      variables: { applicantName: '李四', phone: '13900000000' },
    });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const ids = async (user: string) =>
      ((await as(user, 'GET', '/api/process-instances?limit=500')).body as Array<{ id: string }>).map((c) => c.id);

    expect(await ids('ta-window')).toContain(id); // offered to the window group
    expect(await ids('ta-super')).toContain(id);
    expect(await ids('ta-rs')).not.toContain(id);
    expect(await ids('sb-window')).not.toContain(id);
    for (const path of [`/api/process-instances/${id}`, `/api/process-instances/${id}/history`]) {
      expect((await as('ta-window', 'GET', path)).status).toBe(200);
      expect((await as('ta-super', 'GET', path)).status).toBe(200);
      expect((await as('ta-rs', 'GET', path)).status).toBe(404);
      expect((await as('sb-window', 'GET', path)).status).toBe(404);
    }
    // A case one started stays visible to its starter.
    const own = await as('ta-rs', 'POST', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'town-a' });
    expect(await ids('ta-rs')).toContain(own.body.id);
    expect((await as('ta-rs', 'GET', `/api/process-instances/${own.body.id}/history`)).status).toBe(200);
  });

  it('lets only integrations, administrators and a case’s handlers publish a message with variables', async () => {
    expect(
      (
        await as('ta-admin', 'POST', '/api/deployments', {
          tenant: 'town-a',
          resources: [{ name: 'lp-wait.bpmn', content: MESSAGE_XML }],
        })
      ).status,
    ).toBe(201);
    const c = (
      await as('ta-admin', 'POST', '/api/process-instances', {
        processKey: 'lp-wait',
        tenant: 'town-a',
        variables: { caseNo: 'LP-1' },
      })
    ).body.id as string;
    const publish = (user: string, variables?: Record<string, unknown>) =>
      as(user, 'POST', '/api/messages', {
        name: 'lp-approved',
        tenant: 'town-a',
        correlationKey: 'LP-1',
        ...(variables ? { variables } : {}),
      });

    for (const user of ['ta-window', 'ta-rs', 'ta-super']) {
      const r = await publish(user, { approved: true });
      expect(r.status, user).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await as('ta-admin', 'GET', `/api/process-instances/${c}`)).body).toMatchObject({
      activeElementIds: ['Wait'],
    });
    expect((await as('ta-admin', 'GET', `/api/process-instances/${c}`)).body.variables.approved).toBeUndefined();
    const fed = await publish('ta-feed', { approved: true });
    expect(fed.status, JSON.stringify(fed.body)).toBe(200);
    expect((await as('ta-admin', 'GET', `/api/process-instances/${c}`)).body).toMatchObject({
      activeElementIds: ['Review'],
      variables: { approved: true },
    });
  });

  it('keeps supervision order owners and policy supervisors inside the case’s tenant chain', async () => {
    const c = (
      await as('ta-admin', 'POST', '/api/process-instances', {
        processKey: 'appeal-loop',
        tenant: 'town-a',
        variables: { applicantName: '赵六' },
      })
    ).body.id as string;
    const order = (owner: string) =>
      as('ta-super', 'POST', '/api/supervision-orders', { processInstanceId: c, reason: '逾期未办', owner });
    const foreign = await order('sb-super');
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('UNKNOWN_USER');
    expect((await rt.deps.db.knex('supervision_orders').where({ instance_id: c })).length).toBe(0);
    expect((await order('ta-window')).status).toBe(201);
    expect((await order('dispatcher1')).status).toBe(201); // the city, above town-a

    const policy = (supervisor: string) => as('ta-admin', 'PUT', '/api/deadline-policies/town-a', { supervisor });
    expect((await policy('sb-super')).status).toBe(400);
    expect((await policy('ta-super')).status).toBe(200);
  });

  it('answers an id taken outside the caller’s subtree like a missing parent (404), inside it 409', async () => {
    const missingParent = await as('ta-admin', 'POST', '/api/groups', {
      id: 'lp-new',
      name: 'x',
      tenantId: 'no-such-tenant',
    });
    expect(missingParent.status).toBe(404);
    const user = await as('ta-admin', 'POST', '/api/users', {
      username: 'sb-window',
      password: 'a-Long-passphrase-9',
      displayName: '某人',
      tenantId: 'town-a',
    });
    expect(user.status).toBe(404);
    expect(user.body.error.code).toBe(missingParent.body.error.code);
    const group = await as('ta-admin', 'POST', '/api/groups', { id: 'dept-rs', name: 'x', tenantId: 'town-a' });
    expect(group.status).toBe(404);
    const tenant = await as('ta-admin', 'POST', '/api/tenants', { id: 'street-b', name: 'x', parentId: 'town-a' });
    expect(tenant.status).toBe(404);
    expect(
      (await as('ta-admin', 'POST', '/api/tenants', { id: 'town-a-east', name: 'x', parentId: 'town-a' })).status,
    ).toBe(409);
    expect(
      (
        await as('ta-admin', 'POST', '/api/users', {
          username: 'ta-rs',
          password: 'a-Long-passphrase-9',
          displayName: '某人',
          tenantId: 'town-a',
        })
      ).status,
    ).toBe(409);
  });

  it('lets a system administrator see and extend a root tenant they create', async () => {
    expect((await as('admin', 'POST', '/api/tenants', { id: 'lp-root', name: '新市', parentId: null })).status).toBe(
      201,
    );
    expect(((await as('admin', 'GET', '/api/tenants')).body as Array<{ id: string }>).map((t) => t.id)).toContain(
      'lp-root',
    );
    expect(
      (await as('admin', 'POST', '/api/tenants', { id: 'lp-child', name: '新镇', parentId: 'lp-root' })).status,
    ).toBe(201);
    expect(
      ((await as('ta-admin', 'GET', '/api/tenants')).body as Array<{ id: string }>).map((t) => t.id),
    ).not.toContain('lp-root');
  });
});
