// Issue 15 §4–5: the version history of a process at a tenant, and township overlays — a
// township's own version records the city version it was based on, says when the city moved on,
// and can be removed so the township inherits again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { linearBpmn } from '../testing/http.js';

const dialects = await testDialects();
const v1 = linearBpmn('overlay-demo', [{ kind: 'user', id: 'Task_Receive', name: '受理登记' }], { name: '示范流程' });
const v2 = linearBpmn(
  'overlay-demo',
  [
    { kind: 'user', id: 'Task_Receive', name: '受理登记' },
    { kind: 'user', id: 'Task_Review', name: '复核' },
  ],
  { name: '示范流程' },
);
const townCopy = v1.replace('name="受理登记"', 'name="镇受理登记"');

interface Listed {
  id: string;
  key: string;
  version: number;
  tenant: string;
  basedOn?: { tenant: string; version: number; id: string | null };
  behind?: boolean;
  upstream?: { id: string; version: number };
}

describe.each(dialects)('process versions and township overlays on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let city: string;
  let towna: string;
  const deploy = (token: string, tenant: string, content: string, comment?: string) =>
    rt.request('POST', '/api/deployments', {
      token,
      body: { tenant, ...(comment ? { comment } : {}), resources: [{ name: 'overlay-demo.bpmn', content }] },
    });
  const seen = async (token: string, tenant: string) =>
    (await rt.request('GET', `/api/process-definitions?tenant=${tenant}&latest=true&key=overlay-demo`, { token }))
      .body as Listed[];

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    city = await rt.login('city-admin');
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  it('lists who deployed each version, when, and the comment', async () => {
    expect((await deploy(city, 'city', v1, '首次发布')).status).toBe(201);
    const r = await rt.request('GET', '/api/process-definitions/overlay-demo/versions?tenant=city', { token: city });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      expect.objectContaining({
        version: 1,
        name: '示范流程',
        deployedBy: 'city-admin',
        comment: '首次发布',
        basedOn: null,
        withdrawn: false,
      }),
    ]);
    expect(r.body[0].deployedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('names who deployed in words: the user by display name, the examples loader as the system', async () => {
    const cityAdmin = await rt.deps.db.knex('users').where({ username: 'city-admin' }).first();
    const mine = await rt.request('GET', '/api/process-definitions/overlay-demo/versions?tenant=city', { token: city });
    expect(mine.body[0].deployedByName).toBe(cityAdmin.display_name);
    const examples = await rt.request('GET', '/api/process-definitions/appeal-loop/versions?tenant=city', {
      token: city,
    });
    expect(examples.body[0]).toMatchObject({ deployedBy: 'system:examples', deployedByName: '系统（示例载入）' });
    const english = await rt.request('GET', '/api/process-definitions/appeal-loop/versions?tenant=city', {
      token: city,
      headers: { 'accept-language': 'en' },
    });
    expect(english.body[0].deployedByName).toBe('System (examples loaded)');
    // Lists name each version's unit, the city's too (a township's tenant list does not hold it).
    const listed = await rt.request('GET', '/api/form-definitions?tenant=town-a&latest=true', { token: towna });
    expect(listed.body.find((d: { tenant: string }) => d.tenant === 'city')?.tenantName).toBe('市综治中心');
  });

  it('records the city version a township copy is based on, and says when the city deployed a newer one', async () => {
    const own = await deploy(towna, 'town-a', townCopy, '镇里改名');
    expect(own.status).toBe(201);
    const cityV1 = (await seen(city, 'city'))[0]!;
    let mine = (await seen(towna, 'town-a')).find((d) => d.tenant === 'town-a')!;
    expect(mine).toMatchObject({
      version: 1,
      basedOn: { tenant: 'city', key: 'overlay-demo', version: 1, id: cityV1.id },
      behind: false,
    });

    expect((await deploy(city, 'city', v2, '增加复核')).status).toBe(201);
    mine = (await seen(towna, 'town-a')).find((d) => d.tenant === 'town-a')!;
    const cityV2 = (await seen(city, 'city'))[0]!;
    expect(mine).toMatchObject({ basedOn: { version: 1 }, behind: true, upstream: { id: cityV2.id, version: 2 } });
    // The city's own versions have no base.
    expect(cityV2.basedOn).toBeUndefined();

    // A township may read the city's history (it inherits from it).
    const history = await rt.request('GET', '/api/process-definitions/overlay-demo/versions?tenant=city', {
      token: towna,
    });
    expect(history.body.map((v: { version: number; comment: string }) => [v.version, v.comment])).toEqual([
      [2, '增加复核'],
      [1, '首次发布'],
    ]);
    const ownHistory = await rt.request('GET', '/api/process-definitions/overlay-demo/versions?tenant=town-a', {
      token: towna,
    });
    expect(ownHistory.body).toEqual([
      expect.objectContaining({
        version: 1,
        deployedBy: 'towna-admin',
        comment: '镇里改名',
        basedOn: { tenant: 'city', key: 'overlay-demo', version: 1 },
      }),
    ]);
  });

  it('keeps another township’s overrides out of sight: its history and its revert answer 404', async () => {
    expect((await deploy(admin, 'street-b', townCopy)).status).toBe(201);
    expect(
      (await rt.request('GET', '/api/process-definitions/overlay-demo/versions?tenant=street-b', { token: towna }))
        .status,
    ).toBe(404);
    expect(
      (await rt.request('DELETE', '/api/process-definitions/overlay-demo/override?tenant=street-b', { token: towna }))
        .status,
    ).toBe(404);
    expect((await seen(admin, 'street-b')).map((d) => d.tenant)).toContain('street-b');
  });

  it('恢复继承: new cases start the city version, running cases keep theirs', async () => {
    const running = await rt.request('POST', '/api/process-instances', {
      token: towna,
      body: { processKey: 'overlay-demo', tenant: 'town-a' },
    });
    expect(running.status).toBe(201);
    const townV1 = (await seen(towna, 'town-a')).find((d) => d.tenant === 'town-a')!;
    expect(running.body.definitionId).toBe(townV1.id);

    const r = await rt.request('DELETE', '/api/process-definitions/overlay-demo/override?tenant=town-a', {
      token: towna,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ key: 'overlay-demo', tenant: 'town-a', inherits: { tenant: 'city', version: 2 } });

    expect((await seen(towna, 'town-a')).map((d) => d.tenant)).toEqual(['city']);
    const fresh = await rt.request('POST', '/api/process-instances', {
      token: towna,
      body: { processKey: 'overlay-demo', tenant: 'town-a' },
    });
    expect(fresh.body).toMatchObject({ definitionId: r.body.inherits.id, version: 2 });
    const still = await rt.request('GET', `/api/process-instances/${running.body.id}`, { token: towna });
    expect(still.body).toMatchObject({ definitionId: townV1.id, status: 'active' });
    const history = await rt.request('GET', '/api/process-definitions/overlay-demo/versions?tenant=town-a', {
      token: towna,
    });
    expect(history.body[0]).toMatchObject({ version: 1, withdrawn: true });

    // Nothing left to remove; deploying again overrides anew, on the city's current version.
    expect(
      (await rt.request('DELETE', '/api/process-definitions/overlay-demo/override?tenant=town-a', { token: towna }))
        .status,
    ).toBe(404);
    expect((await deploy(towna, 'town-a', townCopy)).status).toBe(201);
    expect((await seen(towna, 'town-a')).find((d) => d.tenant === 'town-a')).toMatchObject({
      version: 2,
      basedOn: { version: 2 },
      behind: false,
    });
  });

  it('refuses to remove a process the tenant does not inherit', async () => {
    const solo = linearBpmn('town-only', [{ kind: 'user', id: 'Task_A', name: '办理' }]);
    expect(
      (
        await rt.request('POST', '/api/deployments', {
          token: towna,
          body: { tenant: 'town-a', resources: [{ name: 'town-only.bpmn', content: solo }] },
        })
      ).status,
    ).toBe(201);
    const r = await rt.request('DELETE', '/api/process-definitions/town-only/override?tenant=town-a', { token: towna });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('NOT_INHERITED');
  });
});
