import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/bpmn.js';
import { deploy, startCase } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { DefinitionStore } from './definitions.js';
import { PinSets } from './pin-sets.js';

const dialects = await testDialects();

/** Starting by key resolves the process and what it pins in one query, guessing from the key's last version. */
describe.each(dialects)('resolving a start on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false, loadExamples: true });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  const pinnedOf = async (instanceId: string) =>
    new PinSets().read(rt.deps.db.knex, (await rt.deps.db.knex('instances').where({ id: instanceId }).first()).pinned);
  const twoForms = (ids: string[]) =>
    b.chainProcess('guess', [
      b.start(),
      ...ids.map((id, i) => b.userTask(`Task_${i}`, 'window', { formId: id })),
      b.end(),
    ]);

  it('pins what each version uses, a township’s own forms first, also when a new version uses forms the last one did not', async () => {
    const v1 = await deploy(rt, admin, 'city', {
      'guess.bpmn': twoForms(['form-a']),
      'form-a.form.json': b.form('form-a', 'a'),
      'form-b.form.json': b.form('form-b', 'b'),
    });
    const first = await startCase(rt, admin, 'guess', 'town-a');
    expect(await pinnedOf(first.id)).toEqual({
      decisions: {},
      forms: { 'form-a': v1.forms.find((f: { key: string }) => f.key === 'form-a').id },
    });

    // A new version uses form-b too (not in the guess), and town-a has its own form-a.
    const v2 = await deploy(rt, admin, 'city', { 'guess.bpmn': twoForms(['form-a', 'form-b']) });
    const townA = await deploy(rt, admin, 'town-a', { 'form-a.form.json': b.form('form-a', 'a2') });
    const second = await startCase(rt, admin, 'guess', 'town-a');
    expect(second.definitionId).toBe(v2.processes[0].id);
    const formB = v1.forms.find((f: { key: string }) => f.key === 'form-b').id;
    expect(await pinnedOf(second.id)).toEqual({
      decisions: {},
      forms: { 'form-a': townA.forms[0].id, 'form-b': formB },
    });
    // The city still sees its own form-a.
    const third = await startCase(rt, admin, 'guess', 'city');
    expect((await pinnedOf(third.id)).forms['form-a']).toBe(
      v1.forms.find((f: { key: string }) => f.key === 'form-a').id,
    );
  });

  it('answers 404 PROCESS_NOT_FOUND for a key the tenant cannot see', async () => {
    await deploy(rt, admin, 'town-a', { 'only-town-a.bpmn': b.chainProcess('only-town-a', [b.start(), b.end()]) });
    const res = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'only-town-a', tenant: 'street-b' },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('PROCESS_NOT_FOUND');
  });

  it('sees at once what another process deployed: the cached resolution fails its guard and the start runs again', async () => {
    await deploy(rt, admin, 'city', {
      'other.bpmn': b.chainProcess('other', [b.start(), b.userTask('Task_One'), b.end()]),
    });
    const first = await startCase(rt, admin, 'other', 'town-a');
    expect(first.activeElementIds).toEqual(['Task_One']);
    // Another process (its own definition store, so this server's cache does not hear of it) deploys v2.
    const elsewhere = new DefinitionStore(rt.deps.tenants);
    const v2 = await rt.deps.db.knex.transaction((trx) =>
      elsewhere.deploy(trx, {
        tenant: 'city',
        resources: [
          { name: 'other.bpmn', content: b.chainProcess('other', [b.start(), b.userTask('Task_Two'), b.end()]) },
        ],
        now: new Date().toISOString(),
      }),
    );
    const second = await startCase(rt, admin, 'other', 'town-a');
    expect(second.definitionId).toBe(v2.processes[0]!.id);
    expect(second.activeElementIds).toEqual(['Task_Two']);
  });
});
