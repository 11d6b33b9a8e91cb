// A started server computes the dashboard rows left stale (by an upgrade, a bulk load) in the
// background, after it listens. Both databases.
import { describe, expect, it } from 'vitest';
import { restartOn, startTestRuntime, testDialects } from '../testing/databases.js';
import { refreshCaseFigures } from './rollup.js';

const dialects = await testDialects();
const APPEAL = { applicantName: '孙八', phone: '13700002222', category: '物业纠纷', description: '楼道堆放杂物' };

describe.each(dialects)('stale case figures at start on %s', (dialect) => {
  it('are computed in the background after the server listens, and a second start finds none', async () => {
    const rt = await startTestRuntime(dialect, { loadExamples: true });
    try {
      for (const applicantName of ['孙八', '周九'])
        expect(
          (await rt.request('POST', '/api/public/intake/city', { body: { data: { ...APPEAL, applicantName } } }))
            .status,
        ).toBe(201);
      const knex = rt.deps.db.knex;
      const computed = async (k = knex) =>
        (await k('case_figures')
          .orderBy('instance_id')
          .select('instance_id', 'channel', 'in_progress', 'stale')) as Array<Record<string, unknown>>;
      await rt.figuresCaughtUp;
      expect(await refreshCaseFigures(knex, rt.deps.clock.now())).toBe(2);
      const fresh = await computed();
      expect(fresh).toEqual([
        expect.objectContaining({ channel: '网页', in_progress: 1, stale: 0 }),
        expect.objectContaining({ channel: '网页', in_progress: 1, stale: 0 }),
      ]);
      // As a bulk load or an upgrade leaves them: marked, their figures wiped.
      await knex('case_figures').update({ stale: 1, channel: '', in_progress: 0 });
      await rt.close();

      const again = await restartOn(rt.database);
      try {
        expect(await again.figuresCaughtUp).toBe(2);
        expect(await computed(again.deps.db.knex)).toEqual(fresh);
      } finally {
        await again.close();
      }
    } finally {
      await rt.database.drop();
    }
  }, 120_000);
});
