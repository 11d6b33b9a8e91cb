// Issue 15 §5: 同步市级更新 — a township's copy rebased onto the city's newer version (a preview, nothing
// written), deployed with `rebasedOn` so it records the new base and is no longer behind; for processes and forms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveToEnforceLane,
  cityAddsPhotoStep,
  STREET_INSPECTION,
  townRectifiesOnSite,
  townWithoutEnforceLane,
} from '../../test/fixtures/street-inspection-edits.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { linearBpmn } from '../testing/http.js';

const dialects = await testDialects();
const v1 = linearBpmn(
  'rebase-demo',
  [
    { kind: 'user', id: 'Task_Receive', name: '受理登记' },
    { kind: 'user', id: 'Task_Handle', name: '办理' },
  ],
  { name: '同步示范' },
);
// The city renames 受理登记 and adds 复核; A镇 renamed 办理 in its copy.
const v2 = linearBpmn(
  'rebase-demo',
  [
    { kind: 'user', id: 'Task_Receive', name: '受理登记并核实' },
    { kind: 'user', id: 'Task_Handle', name: '办理' },
  ],
  { name: '同步示范' },
);
const townCopy = v1.replace('name="办理"', 'name="镇司法所办理"');

interface Listed {
  id: string;
  tenant: string;
  version: number;
  basedOn?: { tenant: string; version: number };
  behind?: boolean;
}

const FORM_V1 = {
  id: 'rebase-form',
  name: '同步表单',
  schema: {
    type: 'object',
    required: ['result'],
    properties: { result: { type: 'string', title: '办理结果' }, note: { type: 'string', title: '备注' } },
  },
};

describe.each(dialects)('同步市级更新 (rebase) on %s', (dialect) => {
  let rt: TestRuntime;
  let city: string;
  let towna: string;
  const deploy = (token: string, tenant: string, resources: unknown[], extra: Record<string, unknown> = {}) =>
    rt.request('POST', '/api/deployments', { token, body: { tenant, resources, ...extra } });
  const bpmn = (content: string) => [{ name: 'rebase-demo.bpmn', content }];
  const mine = async (kind: 'process' | 'form', key: string) =>
    (
      (await rt.request('GET', `/api/${kind}-definitions?tenant=town-a&latest=true&key=${key}`, { token: towna }))
        .body as Listed[]
    ).find((d) => d.tenant === 'town-a');

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    city = await rt.login('city-admin');
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  it('previews the city’s changes applied to the township’s copy, then records the new base when deployed', async () => {
    expect((await deploy(city, 'city', bpmn(v1))).status).toBe(201);
    expect((await deploy(towna, 'town-a', bpmn(townCopy))).status).toBe(201);
    const notBehind = await rt.request('POST', '/api/process-definitions/rebase-demo/rebase?tenant=town-a', {
      token: towna,
      body: {},
    });
    expect(notBehind.status).toBe(409);
    expect(notBehind.body.error.code).toBe('NOT_BEHIND');
    expect(notBehind.body.error.message).toContain('无需同步');

    expect((await deploy(city, 'city', bpmn(v2))).status).toBe(201);
    expect(await mine('process', 'rebase-demo')).toMatchObject({ version: 1, basedOn: { version: 1 }, behind: true });

    const preview = await rt.request('POST', '/api/process-definitions/rebase-demo/rebase?tenant=town-a', {
      token: towna,
      body: {},
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      key: 'rebase-demo',
      tenant: 'town-a',
      basedOn: { tenant: 'city', version: 1 },
      onto: { tenant: 'city', version: 2 },
      applied: [{ id: 'Task_Receive', kind: 'changed', name: '受理登记并核实', properties: ['name'] }],
      conflicts: [],
    });
    expect(preview.body.xml).toContain('name="受理登记并核实"');
    expect(preview.body.xml).toContain('name="镇司法所办理"');
    // A preview writes nothing.
    expect(await mine('process', 'rebase-demo')).toMatchObject({ version: 1, behind: true });

    const deployed = await deploy(towna, 'town-a', bpmn(preview.body.xml), {
      comment: '同步市级 v2',
      rebasedOn: [{ kind: 'process', key: 'rebase-demo', version: 2 }],
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(await mine('process', 'rebase-demo')).toMatchObject({
      version: 2,
      basedOn: { tenant: 'city', version: 2 },
      behind: false,
    });
    const history = await rt.request('GET', '/api/process-definitions/rebase-demo/versions?tenant=town-a', {
      token: towna,
    });
    expect(
      history.body.map((v: { version: number; basedOn: { version: number } }) => [v.version, v.basedOn.version]),
    ).toEqual([
      [2, 2],
      [1, 1],
    ]);
    // Adjusting the rebased copy again keeps its new base.
    expect((await deploy(towna, 'town-a', bpmn(preview.body.xml.replace('镇司法所办理', '镇司法所办结')))).status).toBe(
      201,
    );
    expect(await mine('process', 'rebase-demo')).toMatchObject({ version: 3, basedOn: { version: 2 }, behind: false });
  });

  it('lists a conflict per element; the city’s side when chosen; the copy as edited may be sent', async () => {
    const v3 = v2.replace('name="办理"', 'name="部门办理"');
    expect((await deploy(city, 'city', bpmn(v3))).status).toBe(201);
    const edited = (
      await rt.request('GET', `/api/process-definitions/${(await mine('process', 'rebase-demo'))!.id}/xml`, {
        token: towna,
      })
    ).body as string;
    const url = '/api/process-definitions/rebase-demo/rebase?tenant=town-a';
    const kept = await rt.request('POST', url, { token: towna, body: { ours: edited } });
    expect(kept.body.conflicts).toEqual([
      {
        id: 'Task_Handle',
        kind: 'changed',
        name: '镇司法所办结',
        type: 'bpmn:UserTask',
        properties: ['name'],
        resolution: 'ours',
      },
    ]);
    expect(kept.body.xml).toContain('name="镇司法所办结"');
    const taken = await rt.request('POST', url, {
      token: towna,
      body: { ours: edited, resolutions: { Task_Handle: 'theirs' } },
    });
    expect(taken.body.conflicts[0].resolution).toBe('theirs');
    expect(taken.body.xml).toContain('name="部门办理"');
    expect(taken.body.xml).not.toContain('镇司法所');

    const broken = await rt.request('POST', url, { token: towna, body: { ours: '<bpmn:definitions' } });
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('DEFINITION_INVALID');
  });

  it('what the city added inside a sub-process the township deleted is a conflict naming the additions', async () => {
    const inspection = (content: string) => [{ name: 'street-inspection.bpmn', content }];
    expect((await deploy(city, 'city', inspection(STREET_INSPECTION))).status).toBe(201);
    expect((await deploy(towna, 'town-a', inspection(townRectifiesOnSite(STREET_INSPECTION)))).status).toBe(201);
    expect((await deploy(city, 'city', inspection(cityAddsPhotoStep(STREET_INSPECTION)))).status).toBe(201);
    const url = '/api/process-definitions/street-inspection/rebase?tenant=town-a';
    const kept = await rt.request('POST', url, { token: towna, body: {} });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body).toMatchObject({
      applied: [],
      conflicts: [
        {
          id: 'SubProcess_Rectify',
          kind: 'removed-here',
          name: '整改处置',
          type: 'bpmn:SubProcess',
          properties: [],
          added: [
            { id: 'Task_Photo', name: '拍照取证', type: 'bpmn:UserTask' },
            { id: 'Flow_ToNotice', name: '', type: 'bpmn:SequenceFlow' },
            { id: 'Timer_Overdue', name: '', type: 'bpmn:BoundaryEvent' },
            { id: 'Flow_Overdue', name: '', type: 'bpmn:SequenceFlow' },
          ],
          resolution: 'ours',
        },
      ],
    });
    expect(kept.body.xml).not.toContain('Task_Photo');
    // The township's copy as merged deploys as it is.
    expect((await deploy(towna, 'town-a', inspection(kept.body.xml))).status).toBe(201);

    const back = await rt.request('POST', url, {
      token: towna,
      body: { resolutions: { SubProcess_Rectify: 'theirs' } },
    });
    expect(back.body.conflicts.map((c: { resolution: string }) => c.resolution)).toEqual(['theirs']);
    for (const id of ['SubProcess_Rectify', 'Task_Photo', 'Timer_Overdue', 'Flow_Overdue'])
      expect(back.body.xml).toContain(`bpmnElement="${id}"`);
    // With the flows around it, so it deploys: nothing left unreachable.
    expect(back.body.xml).toContain('<bpmn:sequenceFlow id="Flow_ToArchive" sourceRef="SubProcess_Rectify"');
    const deployed = await deploy(towna, 'town-a', inspection(back.body.xml));
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
  });

  it('an element the city moved into a lane the township deleted is named in that lane’s conflict', async () => {
    // Its own key, so the township's copy of the street inspection above is left alone.
    const lanes = (xml: string) => [
      { name: 'street-lanes.bpmn', content: xml.replaceAll('"street-inspection"', '"street-lanes"') },
    ];
    expect((await deploy(city, 'city', lanes(STREET_INSPECTION))).status).toBe(201);
    expect((await deploy(towna, 'town-a', lanes(townWithoutEnforceLane(STREET_INSPECTION)))).status).toBe(201);
    expect((await deploy(city, 'city', lanes(archiveToEnforceLane(STREET_INSPECTION)))).status).toBe(201);
    const url = '/api/process-definitions/street-lanes/rebase?tenant=town-a';
    const kept = await rt.request('POST', url, { token: towna, body: {} });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body).toMatchObject({
      applied: [],
      conflicts: [
        {
          id: 'Lane_Enforce',
          kind: 'removed-here',
          name: '执法中队',
          moved: [{ id: 'Task_Archive', name: '结案归档', type: 'bpmn:UserTask' }],
          resolution: 'ours',
        },
      ],
    });
    expect(kept.body.xml).not.toContain('Lane_Enforce');
    const back = await rt.request('POST', url, { token: towna, body: { resolutions: { Lane_Enforce: 'theirs' } } });
    const lane = /<bpmn:lane id="Lane_Enforce"[\s\S]*?<\/bpmn:lane>/.exec(back.body.xml)?.[0];
    expect(lane).toContain('<bpmn:flowNodeRef>Task_Archive</bpmn:flowNodeRef>');
    expect((await deploy(towna, 'town-a', lanes(back.body.xml))).status).toBe(201);
  });

  it('refuses a base the city does not have, a key not deployed, a city key of its own, a key not overridden', async () => {
    const wrong = await deploy(towna, 'town-a', bpmn(townCopy), {
      rebasedOn: [{ kind: 'process', key: 'rebase-demo', version: 9 }],
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'REBASE_INVALID' });
    expect(wrong.body.error.message).toContain('v9');
    const absent = await deploy(towna, 'town-a', bpmn(townCopy), {
      rebasedOn: [{ kind: 'form', key: 'rebase-demo', version: 1 }],
    });
    expect(absent.status).toBe(422);
    expect(absent.body.error.code).toBe('REBASE_INVALID');
    const own = await rt.request('POST', '/api/process-definitions/rebase-demo/rebase?tenant=city', {
      token: city,
      body: {},
    });
    expect([own.status, own.body.error.code]).toEqual([409, 'NOT_AN_OVERLAY']);
    const none = await rt.request('POST', '/api/process-definitions/appeal-loop/rebase?tenant=street-b', {
      token: city,
      body: {},
    });
    expect([none.status, none.body.error.code]).toEqual([404, 'NOT_FOUND']);
    // A township administrator cannot rebase another unit's copy (it does not see it).
    const other = await rt.request('POST', '/api/process-definitions/rebase-demo/rebase?tenant=street-b', {
      token: towna,
      body: {},
    });
    expect(other.status).toBe(404);
  });

  it('rebases a form copy field by field and records the new base', async () => {
    expect((await deploy(city, 'city', [{ name: 'rebase-form.form.json', content: FORM_V1 }])).status).toBe(201);
    const copy = {
      ...FORM_V1,
      basedOn: { tenant: 'city', key: 'rebase-form', version: 1 },
      schema: {
        ...FORM_V1.schema,
        properties: { ...FORM_V1.schema.properties, note: { type: 'string', title: '镇备注' } },
      },
    };
    expect((await deploy(towna, 'town-a', [{ name: 'rebase-form.form.json', content: copy }])).status).toBe(201);
    const cityV2 = {
      ...FORM_V1,
      schema: {
        ...FORM_V1.schema,
        required: ['result', 'satisfied'],
        properties: { ...FORM_V1.schema.properties, satisfied: { type: 'boolean', title: '群众是否满意' } },
      },
    };
    expect((await deploy(city, 'city', [{ name: 'rebase-form.form.json', content: cityV2 }])).status).toBe(201);
    expect(await mine('form', 'rebase-form')).toMatchObject({ behind: true });
    const preview = await rt.request('POST', '/api/form-definitions/rebase-form/rebase?tenant=town-a', {
      token: towna,
      body: {},
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      onto: { version: 2 },
      applied: [{ id: 'satisfied', kind: 'added', name: '群众是否满意', type: 'field' }],
      conflicts: [],
      form: {
        basedOn: { tenant: 'city', key: 'rebase-form', version: 2 },
        schema: {
          required: ['result', 'satisfied'],
          properties: { note: { title: '镇备注' }, satisfied: { title: '群众是否满意' } },
        },
      },
    });
    const deployed = await deploy(towna, 'town-a', [{ name: 'rebase-form.form.json', content: preview.body.form }], {
      rebasedOn: [{ kind: 'form', key: 'rebase-form', version: 2 }],
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(await mine('form', 'rebase-form')).toMatchObject({ version: 2, basedOn: { version: 2 }, behind: false });
  });
  it('rebases a decision table copy rule by rule and records the new base', async () => {
    const listed = async (tenant: string) =>
      (
        (
          await rt.request('GET', `/api/decision-definitions?tenant=${tenant}&latest=true&key=referral`, {
            token: city,
          })
        ).body as Listed[]
      ).find((d) => d.tenant === tenant)!;
    const cityV1 = (
      await rt.request('GET', `/api/decision-definitions/${(await listed('city')).id}/xml`, { token: city })
    ).body as string;
    const deployDmn = (token: string, tenant: string, content: string, extra: Record<string, unknown> = {}) =>
      deploy(token, tenant, [{ name: 'referral.dmn', content }], extra);
    const cityVersion = (await listed('city')).version;
    // A镇 sends 劳动纠纷 to its own office; the city shortens 物业纠纷's deadline.
    expect(
      (await deployDmn(towna, 'town-a', cityV1.replace('<text>"dept-rs"</text>', '<text>"town-a-sfs"</text>'))).status,
    ).toBe(201);
    const cityV2 = cityV1.replace(
      /(<rule id="Rule_02">[\s\S]*?)<text>"5 workDay"<\/text>/,
      '$1<text>"3 workDay"</text>',
    );
    expect(cityV2).not.toBe(cityV1);
    expect((await deployDmn(city, 'city', cityV2)).status).toBe(201);
    const preview = await rt.request('POST', '/api/decision-definitions/referral/rebase?tenant=town-a', {
      token: towna,
      body: {},
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      onto: { version: cityVersion + 1 },
      applied: [{ id: 'Rule_02', kind: 'changed', type: 'rule', properties: ['办理时限'] }],
      conflicts: [],
    });
    expect(preview.body.xml).toContain('"town-a-sfs"');
    const deployed = await deployDmn(towna, 'town-a', preview.body.xml, {
      rebasedOn: [{ kind: 'decision', key: 'referral', version: cityVersion + 1 }],
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(await listed('town-a')).toMatchObject({ basedOn: { version: cityVersion + 1 }, behind: false });
  });
});
