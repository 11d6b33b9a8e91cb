import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from '../testing/http.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { verify } from './service.js';

const dialects = await testDialects();
const ROOT = join(import.meta.dirname, '..', '..');

/** `npm run audit:verify` on the test runtime's database, as an operator runs it. */
function verifyCli(rt: TestRuntime): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'runtime', 'audit', 'verify-cli.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      DATABASE_URL: rt.database.url,
      ...(rt.database.schema ? { CIVICFLOW_DB_SCHEMA: rt.database.schema } : {}),
    },
  });
  return { status: run.status, output: run.stdout + run.stderr };
}
const PASSWORD = 'audit-pass-123';
const INTAKE = { applicantName: '张三', phone: '13800138000', category: '劳动纠纷', description: '工地拖欠三个月工资' };

describe.each(dialects)('audit trail on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = (user: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    rt.request(method, path, {
      token: tokens[user],
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
  const rows = () => rt.deps.db.knex('audit_log').orderBy([{ column: 'tenant_id' }, { column: 'seq' }]);

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    tokens.admin = await rt.login('admin');
    await seedUsers(rt.deps.db.knex, PASSWORD, [
      { username: 'au-admin', tenantId: 'town-a', roles: ['tenant-admin'] },
      { username: 'au-window', tenantId: 'town-a', roles: ['staff'], groups: ['window'] },
    ]);
    for (const u of ['au-admin', 'au-window']) tokens[u] = await rt.login(u, PASSWORD);
  }, 60_000);
  afterAll(async () => rt?.stop());

  it('records sign-ins, failed ones too, without the password', async () => {
    expect(
      (await rt.request('POST', '/api/auth/login', { body: { username: 'au-window', password: 'wrong-guess-1' } }))
        .status,
    ).toBe(401);
    const all = (await rows()) as Array<{
      tenant_id: string;
      actor: string;
      action: string;
      data: string;
      client: string;
    }>;
    const signIns = all.filter((r) => r.action.startsWith('POST /api/auth/login'));
    expect(signIns.filter((r) => r.actor === 'au-window' && r.action === 'POST /api/auth/login')).toHaveLength(1);
    const failed = signIns.find((r) => r.actor === 'au-window' && r.action.includes('failed'));
    expect(failed).toMatchObject({ tenant_id: 'town-a', client: expect.stringMatching(/127\.0\.0\.1/) });
    expect(JSON.parse(failed!.data).request.password).toBe('[redacted]');
    expect(all.map((r) => r.data).join('')).not.toContain(PASSWORD);
  });

  it('records a command in its own transaction with the form data sent and the variables changed, before → after', async () => {
    const started = await as('au-window', 'POST', '/api/process-instances', {
      processKey: 'appeal-loop',
      tenant: 'town-a',
      variables: { applicantName: '旧名' },
    });
    expect(started.status).toBe(201);
    const caseId = started.body.id as string;
    const [task] = (await as('au-window', 'GET', `/api/tasks?processInstanceId=${caseId}`)).body;
    expect((await as('au-window', 'POST', `/api/tasks/${task.id}/complete`, { variables: INTAKE })).status).toBe(200);
    expect(
      (
        await as('au-admin', 'POST', `/api/process-instances/${caseId}/variables`, {
          variables: { category: '物业纠纷' },
        })
      ).status,
    ).toBe(200);

    const trail = (await as('au-admin', 'GET', `/api/audit?caseId=${caseId}`)).body as Array<{
      actor: string;
      action: string;
      data: any;
      tenant: string;
    }>;
    expect(trail.map((r) => r.action).reverse()).toEqual([
      'POST /api/process-instances',
      `POST /api/tasks/${task.id}/complete`,
      `POST /api/process-instances/${caseId}/variables`,
    ]);
    const [setVars, complete] = trail;
    expect(complete).toMatchObject({
      actor: 'au-window',
      tenant: 'town-a',
      data: { request: { variables: INTAKE }, changes: { [caseId]: { was: { applicantName: '旧名' } } } },
    });
    expect(setVars).toMatchObject({
      actor: 'au-admin',
      data: {
        request: { variables: { category: '物业纠纷' } },
        changes: { [caseId]: { was: { category: '劳动纠纷' } } },
      },
    });

    // A refused command leaves no audit row.
    const before = (await rows()).length;
    expect((await as('au-window', 'POST', `/api/tasks/${task.id}/complete`, { variables: INTAKE })).status).toBe(409);
    expect((await rows()).length).toBe(before);
  });

  it('records administrative actions with their values, and shows the trail to administrators only', async () => {
    expect(
      (await as('au-admin', 'POST', '/api/groups', { id: 'au-dept', name: '审计科', tenantId: 'town-a' })).status,
    ).toBe(201);
    const trail = (await as('au-admin', 'GET', '/api/audit?tenant=town-a&actor=au-admin')).body as Array<{
      action: string;
      data: any;
    }>;
    expect(trail.find((r) => r.action === 'POST /api/groups')?.data).toEqual({
      request: { id: 'au-dept', name: '审计科', tenantId: 'town-a' },
    });
    expect((await as('au-window', 'GET', '/api/audit')).status).toBe(403);
    expect((await as('au-admin', 'GET', '/api/audit?tenant=street-b')).status).toBe(404);
    expect((await as('au-admin', 'GET', '/api/admin/audit/verify')).status).toBe(403);
  });

  it('keeps one chain per tenant when commands of one tenant commit at once', async () => {
    const starts = await Promise.all(
      Array.from({ length: 16 }, () =>
        as('au-window', 'POST', '/api/process-instances', { processKey: 'appeal-loop', tenant: 'town-a' }),
      ),
    );
    expect(starts.map((s) => s.status)).toEqual(starts.map(() => 201));
    const chain = (await rt.deps.db.knex('audit_log').where({ tenant_id: 'town-a' }).orderBy('seq')) as Array<{
      seq: number;
      prev_hash: string;
      hash: string;
    }>;
    expect(chain.map((r) => Number(r.seq))).toEqual(chain.map((_, i) => i + 1));
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prev_hash).toBe(chain[i - 1]!.hash);
    const verified = (await as('admin', 'GET', '/api/admin/audit/verify')).body;
    expect(verified).toMatchObject({ ok: true, broken: [] });
    expect(verified.rows).toBeGreaterThan(16);
    const cli = verifyCli(rt);
    expect(cli.output).toContain(`audit trail intact: ${verified.rows} rows in ${verified.chains} chains`);
    expect(cli.status).toBe(0);
  }, 90_000);

  it('detects a row edited in the database, and PostgreSQL refuses the edit', async () => {
    const knex = rt.deps.db.knex;
    const target = (await knex('audit_log').where({ tenant_id: 'town-a' }).orderBy('seq').offset(2).first()) as {
      seq: number;
      data: string;
    };
    const tampered = JSON.stringify({ ...JSON.parse(target.data), forged: true });
    const edit = () => knex('audit_log').where({ tenant_id: 'town-a', seq: target.seq }).update({ data: tampered });
    if (dialect === 'postgres') {
      await expect(edit()).rejects.toThrow(/append-only/);
      await expect(knex('audit_log').where({ tenant_id: 'town-a', seq: target.seq }).delete()).rejects.toThrow(
        /append-only/,
      );
      expect((await verify(knex)).ok).toBe(true);
      // The table's owner can still switch the trigger off; verification is what catches that.
      await knex.raw('alter table audit_log disable trigger audit_log_append_only');
      await edit();
      await knex.raw('alter table audit_log enable trigger audit_log_append_only');
    } else {
      await expect(edit()).rejects.toThrow(/append-only/);
      await knex.raw('drop trigger audit_log_no_update');
      await edit();
    }
    const result = (await as('admin', 'GET', '/api/admin/audit/verify')).body;
    expect(result.ok).toBe(false);
    expect(result.broken).toEqual([
      { tenant: 'town-a', seq: Number(target.seq), problem: expect.stringContaining('content') },
    ]);
    const cli = verifyCli(rt);
    expect(cli.output).toContain(`chain town-a: row ${Number(target.seq)} is broken`);
    expect(cli.output).toContain('audit trail BROKEN in 1 of');
    expect(cli.status).toBe(1);
  }, 90_000);
});
