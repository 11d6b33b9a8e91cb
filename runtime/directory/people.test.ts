// GET /api/people: the people a staff member may hand work to or copy — its own units and those
// above, never a sibling township's; found by a part of the name; a disabled account is not offered.
// Both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

describe.each(dialects)('people to hand work to on %s', (dialect) => {
  let rt: TestRuntime;
  const people = async (user: string, q = '') =>
    (await rt.request('GET', `/api/people?q=${encodeURIComponent(q)}&limit=50`, { token: await rt.login(user) }))
      .body as Array<{ username: string; displayName: string; unit: string }>;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  it('A镇 staff see A镇, its village and the city, not B街道 or the park', async () => {
    const found = (await people('sfs1')).map((p) => p.username);
    expect(found).toEqual(expect.arrayContaining(['sfs1', 'grid1', 'towna-admin', 'rs1', 'dispatcher1']));
    expect(found).not.toContain('wy1');
    expect(found).not.toContain('park1');
  });

  it('finds by a part of the name or the account, with the unit’s name', async () => {
    expect(await people('sfs1', '张敏')).toEqual([{ username: 'rs1', displayName: '人社局 张敏', unit: '市综治中心' }]);
    expect((await people('sfs1', 'grid')).map((p) => p.displayName)).toEqual(['东村网格员 吴刚']);
    expect(await people('sfs1', '_')).toEqual([]);
  });

  it('does not offer a disabled account', async () => {
    const admin = await rt.login('admin');
    expect((await rt.request('POST', '/api/users/zj1/disable', { token: admin, body: {} })).status).toBe(204);
    expect(await people('rs1', '赵磊')).toEqual([]);
    expect((await rt.request('POST', '/api/users/zj1/enable', { token: admin, body: {} })).status).toBe(204);
    expect((await people('rs1', '赵磊')).map((p) => p.username)).toEqual(['zj1']);
  });
});
