import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { civicDescriptor, compile, zeebeDescriptor } from '../index.js';
import {
  archiveIntoRectify,
  archiveToEnforceLane,
  archiveToSquadTwo,
  cityAddsPhotoStep,
  cityAddsRegisterStep,
  edit as editStreet,
  enforceSquads,
  STREET_INSPECTION,
  townBypassesRectify,
  townRectifiesOnSite,
  townWithoutEnforceLane,
} from '../../test/fixtures/street-inspection-edits.js';
import { rebaseBpmn } from './bpmn-rebase.js';

const CITY_V1 = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'appeal', 'appeal-loop.bpmn'), 'utf8');

/** Replaces one exact piece of the document (failing when it is not there, so a test cannot pass vacuously). */
function edit(xml: string, from: string, to: string): string {
  if (!xml.includes(from)) throw new Error(`not in the document: ${from}`);
  return xml.replace(from, to);
}

/** The city adds 满意度回访 between 回访 and 办结归档 (a task, a flow, a retargeted flow, shapes). */
function withSurvey(xml: string): string {
  let out = edit(
    xml,
    '<bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_FollowUp" targetRef="End_Closed" />',
    `<bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_FollowUp" targetRef="Task_Survey" />
    <bpmn:userTask id="Task_Survey" name="满意度回访">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="followup" />
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_ToEnd</bpmn:incoming>
      <bpmn:outgoing>Flow_SurveyDone</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_SurveyDone" sourceRef="Task_Survey" targetRef="End_Closed" />`,
  );
  out = edit(
    out,
    '<bpmn:incoming>Flow_ToEnd</bpmn:incoming>\n    </bpmn:endEvent>',
    '<bpmn:incoming>Flow_SurveyDone</bpmn:incoming>\n    </bpmn:endEvent>',
  );
  out = edit(
    out,
    '</bpmndi:BPMNPlane>',
    `<bpmndi:BPMNShape id="Task_Survey_di" bpmnElement="Task_Survey"><dc:Bounds x="940" y="300" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_SurveyDone_di" bpmnElement="Flow_SurveyDone"><di:waypoint x="990" y="300" /><di:waypoint x="990" y="258" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>`,
  );
  return out;
}

/** 住建局办理 deleted with its timer and every flow into and out of them (and their shapes). */
function removeHousing(xml: string): string {
  let out = xml;
  for (const piece of [
    /<bpmn:sequenceFlow id="Flow_Housing"[\s\S]*?<\/bpmn:sequenceFlow>/,
    /<bpmn:userTask id="Task_HandleHousing"[\s\S]*?<\/bpmn:userTask>/,
    /<bpmn:boundaryEvent id="Timer_HousingUrge"[\s\S]*?<\/bpmn:boundaryEvent>/,
    /<bpmn:sequenceFlow id="Flow_HousingUrge"[^>]*\/>/,
    /<bpmn:sequenceFlow id="Flow_HousingDone"[^>]*\/>/,
    /<bpmn:outgoing>Flow_Housing<\/bpmn:outgoing>/,
    /<bpmn:incoming>Flow_HousingUrge<\/bpmn:incoming>/,
    /<bpmn:incoming>Flow_HousingDone<\/bpmn:incoming>/,
    /<bpmndi:BPMNShape id="(Task_HandleHousing|Timer_HousingUrge)_di"[\s\S]*?<\/bpmndi:BPMNShape>/g,
    /<bpmndi:BPMNEdge id="Flow_Housing(Urge|Done)?_di"[\s\S]*?<\/bpmndi:BPMNEdge>/g,
  ]) {
    if (!piece.test(out)) throw new Error(`not in the document: ${piece}`);
    out = out.replace(piece, '');
  }
  return out;
}

async function read(xml: string) {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor, civic: civicDescriptor });
  const { rootElement, warnings } = await moddle.fromXML(xml);
  expect(warnings.map((w) => w.message)).toEqual([]);
  const byId = new Map<string, ModdleElement>();
  const walk = (el: ModdleElement) => {
    if (el.id) byId.set(el.id, el);
    for (const v of Object.values(el)) {
      if (Array.isArray(v)) for (const x of v) if (x?.$type) walk(x);
      if (v && typeof v === 'object' && (v as ModdleElement).$type) walk(v as ModdleElement);
    }
  };
  walk(rootElement);
  const ext = (id: string, type: string) =>
    (byId.get(id)?.extensionElements?.values ?? []).find((v: ModdleElement) => v.$type === type);
  return { byId, ext, shapes: (id: string) => [...byId.values()].filter((e) => e.bpmnElement?.id === id) };
}

const FORMS = ['appeal-intake', 'appeal-handle', 'appeal-followup'].map((id) => ({
  name: `${id}.form.json`,
  content: JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'appeal', `${id}.form.json`), 'utf8'),
  ),
}));

async function compiles(xml: string): Promise<void> {
  const r = await compile([{ name: 'appeal-loop.bpmn', content: xml }, ...FORMS]);
  expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([]);
}

describe('rebaseBpmn: the city’s changes onto a township’s copy', () => {
  it('takes the city’s changes the township did not touch, and keeps the township’s own', async () => {
    // A镇: 劳动纠纷 handled by its own office.
    const ours = edit(
      edit(CITY_V1, 'name="人社局办理"', 'name="镇劳动保障所办理"'),
      '<zeebe:assignmentDefinition candidateGroups="dept-rs" />',
      '<zeebe:assignmentDefinition candidateGroups="town-a-sfs" />',
    );
    // The city: 受理登记 renamed, a shorter deadline on the very task A镇 reassigned, a new step with its shapes.
    const theirs = withSurvey(
      edit(
        edit(CITY_V1, 'name="受理登记"', 'name="受理登记并核实"'),
        '<civic:deadline duration="5 workDay" warning="1 workDay" />\n      </bpmn:extensionElements>\n      <bpmn:incoming>Flow_Labour</bpmn:incoming>',
        '<civic:deadline duration="3 workDay" warning="1 workDay" />\n      </bpmn:extensionElements>\n      <bpmn:incoming>Flow_Labour</bpmn:incoming>',
      ),
    );
    const r = await rebaseBpmn({ base: CITY_V1, ours, theirs });
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toEqual(
      expect.arrayContaining([
        { id: 'Task_Receive', kind: 'changed', name: '受理登记并核实', type: 'bpmn:UserTask', properties: ['name'] },
        {
          id: 'Task_HandleLabour',
          kind: 'changed',
          name: '镇劳动保障所办理',
          type: 'bpmn:UserTask',
          properties: ['extensionElements'],
        },
        { id: 'Task_Survey', kind: 'added', name: '满意度回访', type: 'bpmn:UserTask', properties: [] },
        { id: 'Flow_SurveyDone', kind: 'added', name: '', type: 'bpmn:SequenceFlow', properties: [] },
        { id: 'Flow_ToEnd', kind: 'changed', name: '', type: 'bpmn:SequenceFlow', properties: ['targetRef'] },
      ]),
    );
    expect(r.applied).toHaveLength(5);
    const merged = await read(r.xml);
    expect(merged.byId.get('Task_Receive')?.name).toBe('受理登记并核实');
    expect(merged.byId.get('Task_HandleLabour')?.name).toBe('镇劳动保障所办理');
    expect(merged.ext('Task_HandleLabour', 'zeebe:AssignmentDefinition').candidateGroups).toBe('town-a-sfs');
    expect(merged.ext('Task_HandleLabour', 'civic:Deadline').duration).toBe('3 workDay');
    expect(merged.byId.get('Flow_ToEnd')?.targetRef.id).toBe('Task_Survey');
    // The added step is drawn where the city drew it, and the end event's incoming flow is read anew.
    expect(merged.shapes('Task_Survey').map((s) => s.bounds.x)).toEqual([940]);
    expect(merged.shapes('Flow_SurveyDone')).toHaveLength(1);
    expect(merged.byId.get('End_Closed')?.incoming.map((f: ModdleElement) => f.id)).toEqual(['Flow_SurveyDone']);
    await compiles(r.xml);
  });

  it('lists a property both changed differently as a conflict; the township’s value unless the city’s is chosen', async () => {
    const ours = edit(CITY_V1, 'name="受理登记"', 'name="镇便民服务中心受理"');
    const theirs = edit(edit(CITY_V1, 'name="受理登记"', 'name="受理登记并核实"'), 'name="回访"', 'name="电话回访"');
    const kept = await rebaseBpmn({ base: CITY_V1, ours, theirs });
    expect(kept.conflicts).toEqual([
      {
        id: 'Task_Receive',
        kind: 'changed',
        name: '镇便民服务中心受理',
        type: 'bpmn:UserTask',
        properties: ['name'],
        resolution: 'ours',
      },
    ]);
    expect(kept.applied.map((c) => c.id)).toEqual(['Task_FollowUp']);
    expect((await read(kept.xml)).byId.get('Task_Receive')?.name).toBe('镇便民服务中心受理');

    const taken = await rebaseBpmn({ base: CITY_V1, ours, theirs, resolutions: { Task_Receive: 'theirs' } });
    expect(taken.conflicts.map((c) => [c.id, c.resolution])).toEqual([['Task_Receive', 'theirs']]);
    const merged = await read(taken.xml);
    expect(merged.byId.get('Task_Receive')?.name).toBe('受理登记并核实');
    expect(merged.byId.get('Task_FollowUp')?.name).toBe('电话回访');
  });

  it('a step the city removed but the township changed is a conflict: kept by default, removed with its flows and shapes on request', async () => {
    // The city drops 住建局办理 (物业纠纷 go to the general desk); A镇 had given it a longer deadline.
    const theirs = removeHousing(CITY_V1);
    const ours = edit(
      CITY_V1,
      '<zeebe:assignmentDefinition candidateGroups="dept-zj" />\n        <zeebe:formDefinition formId="appeal-handle" />\n        <civic:deadline duration="5 workDay" warning="1 workDay" />',
      '<zeebe:assignmentDefinition candidateGroups="dept-zj" />\n        <zeebe:formDefinition formId="appeal-handle" />\n        <civic:deadline duration="10 workDay" warning="2 workDay" />',
    );

    const kept = await rebaseBpmn({ base: CITY_V1, ours, theirs });
    expect(kept.conflicts).toEqual([
      {
        id: 'Task_HandleHousing',
        kind: 'removed-upstream',
        name: '住建局办理',
        type: 'bpmn:UserTask',
        properties: ['extensionElements'],
        resolution: 'ours',
      },
    ]);
    // What the township did not touch goes as the city removed it: the branch into the task and its timer.
    expect(kept.applied.map((c) => [c.id, c.kind])).toEqual([
      ['Flow_Housing', 'removed'],
      ['Timer_HousingUrge', 'removed'],
      ['Flow_HousingUrge', 'removed'],
      ['Flow_HousingDone', 'removed'],
    ]);
    const keptDoc = await read(kept.xml);
    expect(keptDoc.ext('Task_HandleHousing', 'civic:Deadline').duration).toBe('10 workDay');
    expect(keptDoc.byId.has('Flow_Housing')).toBe(false);

    const removed = await rebaseBpmn({ base: CITY_V1, ours, theirs, resolutions: { Task_HandleHousing: 'theirs' } });
    const doc = await read(removed.xml);
    for (const id of [
      'Task_HandleHousing',
      'Flow_Housing',
      'Flow_HousingDone',
      'Timer_HousingUrge',
      'Flow_HousingUrge',
    ]) {
      expect(doc.byId.has(id), id).toBe(false);
      expect(doc.shapes(id), id).toEqual([]);
    }
    expect(doc.byId.get('Gateway_Route')?.outgoing.map((f: ModdleElement) => f.id)).toEqual([
      'Flow_Labour',
      'Flow_General',
    ]);
    await compiles(removed.xml);
  });

  it('a step the township removed but the city changed is a conflict: left out by default, brought back on request', async () => {
    // A镇 has no separate 催办 step: the timers' flows go to the end instead … simplified: it renames 已催办
    // and removes the 72-hour timer of 综治中心办理; the city changes that timer to 48 hours.
    const dropTimer = (xml: string) =>
      edit(
        edit(
          edit(
            edit(xml, /<bpmn:boundaryEvent id="Timer_GeneralUrge"[\s\S]*?<\/bpmn:boundaryEvent>/.exec(xml)![0], ''),
            '<bpmn:sequenceFlow id="Flow_GeneralUrge" sourceRef="Timer_GeneralUrge" targetRef="Task_Urge" />',
            '',
          ),
          '<bpmn:incoming>Flow_GeneralUrge</bpmn:incoming>',
          '',
        ),
        /<bpmndi:BPMNShape id="Timer_GeneralUrge_di"[\s\S]*?<\/bpmndi:BPMNShape>/.exec(xml)![0],
        '',
      );
    const ours = dropTimer(CITY_V1);
    const theirs = edit(
      CITY_V1,
      '<bpmn:timerEventDefinition id="TimerEventDefinition_General">\n        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">PT72H',
      '<bpmn:timerEventDefinition id="TimerEventDefinition_General">\n        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">PT48H',
    );
    const left = await rebaseBpmn({ base: CITY_V1, ours, theirs });
    expect(left.conflicts.map((c) => [c.id, c.kind, c.properties, c.resolution])).toEqual([
      ['Timer_GeneralUrge', 'removed-here', ['eventDefinitions'], 'ours'],
    ]);
    expect((await read(left.xml)).byId.has('Timer_GeneralUrge')).toBe(false);

    const back = await rebaseBpmn({ base: CITY_V1, ours, theirs, resolutions: { Timer_GeneralUrge: 'theirs' } });
    const doc = await read(back.xml);
    expect(doc.byId.get('Timer_GeneralUrge')?.eventDefinitions[0].timeDuration.body).toBe('PT48H');
    expect(doc.shapes('Timer_GeneralUrge')).toHaveLength(1);
    // With the flow the township deleted along with it, so the timer leads somewhere again.
    expect(doc.byId.get('Flow_GeneralUrge')?.sourceRef.id).toBe('Timer_GeneralUrge');
    expect(doc.byId.get('Task_Urge')?.incoming.map((f: ModdleElement) => f.id)).toContain('Flow_GeneralUrge');
    expect(doc.shapes('Flow_GeneralUrge')).toHaveLength(1);
    await compiles(back.xml);
  });

  it('a step the township removed comes back with its flows; a flow drawn around it goes, another branch stays', async () => {
    // A镇 sends 物业纠纷 straight on to 办结 instead of to 住建局办理, and added a 租赁纠纷 branch; the city renamed the step.
    const ours = edit(
      removeHousing(CITY_V1),
      '<bpmn:sequenceFlow id="Flow_General" name="其他" sourceRef="Gateway_Route" targetRef="Task_HandleGeneral" />',
      `<bpmn:sequenceFlow id="Flow_General" name="其他" sourceRef="Gateway_Route" targetRef="Task_HandleGeneral" />
    <bpmn:sequenceFlow id="Flow_HousingDirect" name="物业纠纷" sourceRef="Gateway_Route" targetRef="Gateway_Handled">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">=category = "物业纠纷"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_Tenancy" name="租赁纠纷" sourceRef="Gateway_Route" targetRef="Gateway_Handled">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">=category = "租赁纠纷"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>`,
    );
    const theirs = edit(CITY_V1, 'name="住建局办理"', 'name="住建局物业办理"');
    const kept = await rebaseBpmn({ base: CITY_V1, ours, theirs });
    expect(kept.conflicts.map((c) => [c.id, c.kind, c.properties, c.resolution])).toEqual([
      ['Task_HandleHousing', 'removed-here', ['name'], 'ours'],
    ]);
    const keptDoc = await read(kept.xml);
    for (const id of [
      'Task_HandleHousing',
      'Flow_Housing',
      'Timer_HousingUrge',
      'Flow_HousingUrge',
      'Flow_HousingDone',
    ])
      expect(keptDoc.byId.has(id), id).toBe(false);
    expect(keptDoc.byId.has('Flow_HousingDirect')).toBe(true);
    await compiles(kept.xml);

    const back = await rebaseBpmn({ base: CITY_V1, ours, theirs, resolutions: { Task_HandleHousing: 'theirs' } });
    const doc = await read(back.xml);
    expect(doc.byId.get('Task_HandleHousing')?.name).toBe('住建局物业办理');
    for (const id of ['Flow_Housing', 'Timer_HousingUrge', 'Flow_HousingUrge', 'Flow_HousingDone']) {
      expect(doc.byId.has(id), id).toBe(true);
      expect(doc.shapes(id), id).toHaveLength(1);
    }
    expect(doc.byId.get('Flow_Housing')?.targetRef.id).toBe('Task_HandleHousing');
    expect(doc.byId.get('Flow_HousingDone')?.targetRef.id).toBe('Gateway_Handled');
    expect(doc.byId.get('Timer_HousingUrge')?.attachedToRef.id).toBe('Task_HandleHousing');
    // 物业纠纷 would otherwise leave the gateway twice; 租赁纠纷 is a branch of A镇's own and stays.
    expect(
      doc.byId
        .get('Gateway_Route')
        ?.outgoing.map((f: ModdleElement) => f.id)
        .sort(),
    ).toEqual(['Flow_General', 'Flow_Housing', 'Flow_Labour', 'Flow_Tenancy']);
    await compiles(back.xml);
  });

  it('a gateway’s default drawn around a step the township removed moves back to the restored flow', async () => {
    // A镇 deleted 综治中心办理 (and its timer): 其他 goes straight on, as the gateway's default.
    let ours = edit(
      CITY_V1,
      '<bpmn:sequenceFlow id="Flow_General" name="其他" sourceRef="Gateway_Route" targetRef="Task_HandleGeneral" />',
      '<bpmn:sequenceFlow id="Flow_GeneralDirect" name="其他" sourceRef="Gateway_Route" targetRef="Gateway_Handled" />',
    );
    ours = edit(ours, 'default="Flow_General"', 'default="Flow_GeneralDirect"');
    ours = edit(
      ours,
      '<bpmn:outgoing>Flow_General</bpmn:outgoing>',
      '<bpmn:outgoing>Flow_GeneralDirect</bpmn:outgoing>',
    );
    ours = edit(
      ours,
      '<bpmn:incoming>Flow_GeneralDone</bpmn:incoming>',
      '<bpmn:incoming>Flow_GeneralDirect</bpmn:incoming>',
    );
    for (const piece of [
      /<bpmn:userTask id="Task_HandleGeneral"[\s\S]*?<\/bpmn:userTask>/,
      /<bpmn:boundaryEvent id="Timer_GeneralUrge"[\s\S]*?<\/bpmn:boundaryEvent>/,
      /<bpmn:sequenceFlow id="Flow_General(Urge|Done)"[^>]*\/>/g,
      /<bpmn:incoming>Flow_GeneralUrge<\/bpmn:incoming>/,
      /<bpmndi:BPMNShape id="(Task_HandleGeneral|Timer_GeneralUrge)_di"[\s\S]*?<\/bpmndi:BPMNShape>/g,
      /<bpmndi:BPMNEdge id="Flow_General(Urge|Done)?_di"[\s\S]*?<\/bpmndi:BPMNEdge>/g,
    ])
      ours = editStreet(ours, piece, '');
    const theirs = edit(CITY_V1, 'name="综治中心办理"', 'name="综治中心统筹办理"');
    const kept = await rebaseBpmn({ base: CITY_V1, ours, theirs });
    expect(kept.conflicts.map((c) => [c.id, c.kind, c.resolution])).toEqual([
      ['Task_HandleGeneral', 'removed-here', 'ours'],
    ]);
    expect((await read(kept.xml)).byId.get('Gateway_Route')?.default.id).toBe('Flow_GeneralDirect');
    await compiles(kept.xml);

    const back = await rebaseBpmn({ base: CITY_V1, ours, theirs, resolutions: { Task_HandleGeneral: 'theirs' } });
    const doc = await read(back.xml);
    expect(doc.byId.has('Flow_GeneralDirect')).toBe(false);
    expect(doc.byId.get('Gateway_Route')?.default.id).toBe('Flow_General');
    expect(doc.byId.get('Flow_GeneralDone')?.sourceRef.id).toBe('Task_HandleGeneral');
    expect(doc.byId.get('Flow_GeneralUrge')?.sourceRef.id).toBe('Timer_GeneralUrge');
    await compiles(back.xml);
  });

  it('with nothing new upstream, the copy comes back as it was', async () => {
    const ours = edit(CITY_V1, 'name="人社局办理"', 'name="镇劳动保障所办理"');
    const r = await rebaseBpmn({ base: CITY_V1, ours, theirs: CITY_V1 });
    expect(r).toMatchObject({ applied: [], conflicts: [] });
    expect((await read(r.xml)).byId.get('Task_HandleLabour')?.name).toBe('镇劳动保障所办理');
  });
});

describe('rebaseBpmn: sub-processes and lanes', () => {
  const inspection = async (xml: string) => {
    const r = await compile([{ name: 'street-inspection.bpmn', content: xml }]);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([]);
  };
  const laneOf = (doc: Awaited<ReturnType<typeof read>>, id: string) =>
    ['Lane_Grid', 'Lane_Enforce', 'Lane_Town'].filter((lane) =>
      (doc.byId.get(lane)?.flowNodeRef ?? []).some((n: ModdleElement) => n.id === id),
    );

  it('what the city added inside a sub-process the township deleted is a conflict naming the additions: dropped by default', async () => {
    const ours = townRectifiesOnSite(STREET_INSPECTION);
    const theirs = cityAddsPhotoStep(STREET_INSPECTION);
    const r = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs });
    expect(r.conflicts).toEqual([
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
    ]);
    // Nothing of it is listed as taken, and nothing of it is left dangling.
    expect(r.applied).toEqual([]);
    const doc = await read(r.xml);
    for (const id of ['SubProcess_Rectify', 'Task_Photo', 'Flow_ToNotice', 'Timer_Overdue', 'Flow_Overdue']) {
      expect(doc.byId.has(id), id).toBe(false);
      expect(doc.shapes(id), id).toEqual([]);
    }
    expect(doc.byId.get('Task_Archive')?.incoming.map((f: ModdleElement) => f.id)).toEqual(['Flow_ToRectify']);
    await inspection(r.xml);
  });

  it('… and on request the sub-process comes back as the city has it, with the additions and their shapes', async () => {
    const ours = townRectifiesOnSite(STREET_INSPECTION);
    const theirs = cityAddsPhotoStep(STREET_INSPECTION);
    const r = await rebaseBpmn({
      base: STREET_INSPECTION,
      ours,
      theirs,
      resolutions: { SubProcess_Rectify: 'theirs' },
    });
    expect(r.conflicts.map((c) => [c.id, c.kind, c.resolution])).toEqual([
      ['SubProcess_Rectify', 'removed-here', 'theirs'],
    ]);
    const doc = await read(r.xml);
    const inside = (doc.byId.get('SubProcess_Rectify')?.flowElements ?? []).map((e: ModdleElement) => e.id);
    expect(inside).toEqual(
      expect.arrayContaining(['StartEvent_Rectify', 'Task_Photo', 'Flow_ToNotice', 'Task_Notice', 'Task_Recheck']),
    );
    expect(doc.byId.get('Flow_RectifyStart')?.targetRef.id).toBe('Task_Photo');
    expect(doc.byId.get('Timer_Overdue')?.attachedToRef.id).toBe('SubProcess_Rectify');
    expect(doc.byId.get('Flow_Overdue')?.targetRef.id).toBe('Task_Archive');
    for (const id of [
      'SubProcess_Rectify',
      'Task_Photo',
      'Flow_ToNotice',
      'Timer_Overdue',
      'Flow_Overdue',
      'Task_Notice',
    ])
      expect(doc.shapes(id), id).toHaveLength(1);
    expect(doc.shapes('SubProcess_Rectify')[0]!.bounds.width).toBe(560);
    expect(laneOf(doc, 'SubProcess_Rectify')).toEqual(['Lane_Enforce']);
    expect(laneOf(doc, 'Timer_Overdue')).toEqual(['Lane_Enforce']);
    // The flows around it come back as the city has them: the one A镇 deleted with it (整改处置 → 结案归档), and the
    // one A镇 re-routed around it (现场核查 → 结案归档) leads into it again, so nothing bypasses it in parallel.
    expect(doc.byId.get('Flow_ToArchive')?.sourceRef.id).toBe('SubProcess_Rectify');
    expect(doc.byId.get('Flow_ToArchive')?.targetRef.id).toBe('Task_Archive');
    expect(doc.byId.get('Flow_ToRectify')?.targetRef.id).toBe('SubProcess_Rectify');
    expect(doc.byId.get('Task_Verify')?.outgoing.map((f: ModdleElement) => f.id)).toEqual(['Flow_ToRectify']);
    expect(
      doc.byId
        .get('Task_Archive')
        ?.incoming.map((f: ModdleElement) => f.id)
        .sort(),
    ).toEqual(['Flow_Overdue', 'Flow_ToArchive']);
    expect(doc.shapes('Flow_ToArchive')).toHaveLength(1);
    expect(doc.shapes('Flow_ToRectify')[0]!.waypoint).toHaveLength(4);
    await inspection(r.xml);
  });

  it('a flow the township drew around the sub-process it deleted goes when the sub-process comes back; kept otherwise', async () => {
    // A镇 deleted 整改处置 with both its flows and drew a new one from 现场核查 straight to 结案归档.
    const ours = townBypassesRectify(STREET_INSPECTION);
    const theirs = cityAddsPhotoStep(STREET_INSPECTION);
    const kept = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs });
    expect(kept.conflicts.map((c) => [c.id, c.kind, c.resolution])).toEqual([
      ['SubProcess_Rectify', 'removed-here', 'ours'],
    ]);
    expect(kept.applied).toEqual([]);
    const keptDoc = await read(kept.xml);
    for (const id of ['SubProcess_Rectify', 'Flow_ToRectify', 'Flow_ToArchive'])
      expect(keptDoc.byId.has(id), id).toBe(false);
    expect(keptDoc.byId.get('Flow_VerifyToArchive')?.targetRef.id).toBe('Task_Archive');
    await inspection(kept.xml);

    const back = await rebaseBpmn({
      base: STREET_INSPECTION,
      ours,
      theirs,
      resolutions: { SubProcess_Rectify: 'theirs' },
    });
    const doc = await read(back.xml);
    expect(doc.byId.get('Flow_ToRectify')?.targetRef.id).toBe('SubProcess_Rectify');
    expect(doc.byId.get('Flow_ToArchive')?.targetRef.id).toBe('Task_Archive');
    expect(doc.shapes('Flow_ToRectify')).toHaveLength(1);
    expect(doc.shapes('Flow_ToArchive')).toHaveLength(1);
    // 现场核查 → 结案归档 beside 现场核查 → 整改处置 → 结案归档 would archive every case twice.
    expect(doc.byId.has('Flow_VerifyToArchive')).toBe(false);
    expect(doc.shapes('Flow_VerifyToArchive')).toEqual([]);
    expect(doc.byId.get('Task_Verify')?.outgoing.map((f: ModdleElement) => f.id)).toEqual(['Flow_ToRectify']);
    await inspection(back.xml);
  });

  it('an element the city moved into a lane the township deleted is part of that lane’s conflict', async () => {
    const ours = townWithoutEnforceLane(STREET_INSPECTION);
    const theirs = archiveToEnforceLane(STREET_INSPECTION);
    const kept = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs });
    expect(kept.conflicts).toEqual([
      {
        id: 'Lane_Enforce',
        kind: 'removed-here',
        name: '执法中队',
        type: 'bpmn:Lane',
        properties: [],
        moved: [{ id: 'Task_Archive', name: '结案归档', type: 'bpmn:UserTask' }],
        resolution: 'ours',
      },
    ]);
    // Kept: 结案归档 stays where A镇 has it (a lane that is not there holds nothing), drawn as A镇 draws it.
    expect(kept.applied).toEqual([]);
    const keptDoc = await read(kept.xml);
    expect(keptDoc.byId.has('Lane_Enforce')).toBe(false);
    expect(laneOf(keptDoc, 'Task_Archive')).toEqual(['Lane_Grid']);
    expect(keptDoc.shapes('Task_Archive')[0]!.bounds.y).toBe(140);
    await inspection(kept.xml);

    const back = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs, resolutions: { Lane_Enforce: 'theirs' } });
    expect(back.applied).toEqual([]);
    const doc = await read(back.xml);
    expect(laneOf(doc, 'Task_Archive')).toEqual(['Lane_Enforce']);
    expect(doc.shapes('Task_Archive')[0]!.bounds.y).toBe(380);
    await inspection(back.xml);
  });

  it('an element the city moved into a sub-process the township deleted is part of that conflict: it stays out, or moves in', async () => {
    // A镇 rectifies on the spot; the city moved 结案归档 into 整改处置 (and 整改处置 now ends the process).
    const ours = townRectifiesOnSite(STREET_INSPECTION);
    const theirs = archiveIntoRectify(STREET_INSPECTION);
    const kept = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs });
    expect(kept.conflicts).toEqual([
      {
        id: 'SubProcess_Rectify',
        kind: 'removed-here',
        name: '整改处置',
        type: 'bpmn:SubProcess',
        properties: [],
        added: [{ id: 'Flow_ArchiveEnd', name: '', type: 'bpmn:SequenceFlow' }],
        moved: [{ id: 'Task_Archive', name: '结案归档', type: 'bpmn:UserTask' }],
        resolution: 'ours',
      },
    ]);
    // Kept: A镇's process as it was, 结案归档 where A镇 has it with the flow out of it the city dropped for the move.
    expect(kept.applied).toEqual([]);
    const keptDoc = await read(kept.xml);
    expect(keptDoc.byId.get('Task_Archive')?.$parent?.id).toBe('street-inspection');
    expect(laneOf(keptDoc, 'Task_Archive')).toEqual(['Lane_Grid']);
    expect(keptDoc.shapes('Task_Archive')[0]!.bounds).toMatchObject({ x: 960, y: 140 });
    expect(keptDoc.byId.get('Flow_ToDone')?.targetRef.id).toBe('End_Done');
    expect(keptDoc.byId.get('Flow_ToRectify')?.targetRef.id).toBe('Task_Archive');
    await inspection(kept.xml);

    const back = await rebaseBpmn({
      base: STREET_INSPECTION,
      ours,
      theirs,
      resolutions: { SubProcess_Rectify: 'theirs' },
    });
    expect(back.applied).toEqual([
      { id: 'Flow_ToDone', kind: 'removed', name: '', type: 'bpmn:SequenceFlow', properties: [] },
    ]);
    const doc = await read(back.xml);
    expect(doc.byId.get('Task_Archive')?.$parent?.id).toBe('SubProcess_Rectify');
    expect(laneOf(doc, 'Task_Archive')).toEqual([]);
    expect(doc.shapes('Task_Archive')[0]!.bounds).toMatchObject({ x: 870, y: 380 });
    expect(doc.byId.get('Flow_ToRectify')?.targetRef.id).toBe('SubProcess_Rectify');
    expect(doc.byId.get('Flow_ToArchive')?.targetRef.id).toBe('End_Done');
    expect(doc.byId.has('Flow_ToDone')).toBe(false);
    await inspection(back.xml);
  });

  it('nested lanes are units of their own: a change in one and another in its sibling both come through', async () => {
    const base = enforceSquads(STREET_INSPECTION);
    const ours = editStreet(base, 'name="执法一中队"', 'name="镇执法中队"');
    const theirs = archiveToSquadTwo(editStreet(base, 'name="执法二中队"', 'name="市容执法二中队"'));
    const r = await rebaseBpmn({ base, ours, theirs });
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toEqual([
      { id: 'Lane_SquadTwo', kind: 'changed', name: '市容执法二中队', type: 'bpmn:Lane', properties: ['name'] },
      { id: 'Task_Archive', kind: 'changed', name: '结案归档', type: 'bpmn:UserTask', properties: ['location'] },
    ]);
    const doc = await read(r.xml);
    expect(doc.byId.get('Lane_SquadOne')?.name).toBe('镇执法中队');
    expect(doc.byId.get('Lane_SquadTwo')?.name).toBe('市容执法二中队');
    expect(doc.byId.get('Lane_SquadTwo')?.$parent?.id).toBe('LaneSet_Squads');
    expect(doc.byId.get('LaneSet_Squads')?.$parent?.id).toBe('Lane_Enforce');
    expect(laneOf(doc, 'Task_Archive')).toEqual(['Lane_Enforce']);
    expect((doc.byId.get('Lane_SquadTwo')?.flowNodeRef ?? []).map((n: ModdleElement) => n.id)).toEqual([
      'Task_Archive',
    ]);
    expect((doc.byId.get('Lane_SquadOne')?.flowNodeRef ?? []).map((n: ModdleElement) => n.id)).toEqual([
      'SubProcess_Rectify',
    ]);
    expect(doc.shapes('Task_Archive')[0]!.bounds.y).toBe(460);
    await inspection(r.xml);

    // Both renamed the same nested lane: a conflict on that lane alone.
    const clash = await rebaseBpmn({ base, ours, theirs: editStreet(base, 'name="执法一中队"', 'name="执法一队"') });
    expect(clash.conflicts.map((c) => [c.id, c.kind, c.properties])).toEqual([['Lane_SquadOne', 'changed', ['name']]]);
  });

  it('what the city added in a lane the township deleted is a conflict on the lane; the flow into it stays as it was', async () => {
    const ours = townWithoutEnforceLane(STREET_INSPECTION);
    const theirs = cityAddsRegisterStep(STREET_INSPECTION);
    const kept = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs });
    expect(kept.conflicts).toEqual([
      {
        id: 'Lane_Enforce',
        kind: 'removed-here',
        name: '执法中队',
        type: 'bpmn:Lane',
        properties: [],
        added: [
          { id: 'Task_Register', name: '执法立案', type: 'bpmn:UserTask' },
          { id: 'Flow_Registered', name: '', type: 'bpmn:SequenceFlow' },
        ],
        resolution: 'ours',
      },
    ]);
    // The city's retarget onto the step left out is not taken: 现场核查 still leads to 整改处置.
    expect(kept.applied).toEqual([]);
    const keptDoc = await read(kept.xml);
    expect(keptDoc.byId.has('Task_Register')).toBe(false);
    expect(keptDoc.byId.get('Flow_ToRectify')?.targetRef.id).toBe('SubProcess_Rectify');
    expect(keptDoc.shapes('Flow_ToRectify')[0]!.waypoint).toHaveLength(4);
    await inspection(kept.xml);

    const back = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs, resolutions: { Lane_Enforce: 'theirs' } });
    const doc = await read(back.xml);
    expect(laneOf(doc, 'Task_Register')).toEqual(['Lane_Enforce']);
    expect(doc.shapes('Lane_Enforce')).toHaveLength(1);
    expect(doc.byId.get('Flow_ToRectify')?.targetRef.id).toBe('Task_Register');
    expect(doc.byId.get('Flow_Registered')?.targetRef.id).toBe('SubProcess_Rectify');
    await inspection(back.xml);
  });

  it('an element the city moved into a sub-process, the township untouched, lands there with its shapes', async () => {
    const ours = editStreet(STREET_INSPECTION, 'name="现场核查"', 'name="网格员现场核查"');
    const theirs = archiveIntoRectify(STREET_INSPECTION);
    const r = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs });
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toEqual(
      expect.arrayContaining([
        { id: 'Task_Archive', kind: 'changed', name: '结案归档', type: 'bpmn:UserTask', properties: ['location'] },
        { id: 'Flow_ArchiveEnd', kind: 'added', name: '', type: 'bpmn:SequenceFlow', properties: [] },
        { id: 'Flow_ToDone', kind: 'removed', name: '', type: 'bpmn:SequenceFlow', properties: [] },
      ]),
    );
    const doc = await read(r.xml);
    expect(doc.byId.get('Task_Archive')?.$parent?.id).toBe('SubProcess_Rectify');
    expect(doc.shapes('Task_Archive')[0]!.bounds).toMatchObject({ x: 870, y: 380 });
    expect(doc.shapes('SubProcess_Rectify')[0]!.bounds.width).toBe(560);
    expect(laneOf(doc, 'Task_Archive')).toEqual([]);
    expect(doc.byId.get('Task_Verify')?.name).toBe('网格员现场核查');
    await inspection(r.xml);
  });

  it('an element the city moved to another lane, the township untouched, lands there with its shapes and edges', async () => {
    const ours = editStreet(STREET_INSPECTION, 'name="现场核查"', 'name="网格员现场核查"');
    const r = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs: archiveToEnforceLane(STREET_INSPECTION) });
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toEqual([
      { id: 'Task_Archive', kind: 'changed', name: '结案归档', type: 'bpmn:UserTask', properties: ['location'] },
    ]);
    const doc = await read(r.xml);
    expect(laneOf(doc, 'Task_Archive')).toEqual(['Lane_Enforce']);
    expect(doc.shapes('Task_Archive')[0]!.bounds.y).toBe(380);
    expect(doc.shapes('Flow_ToArchive')[0]!.waypoint.map((w: ModdleElement) => [w.x, w.y])).toEqual([
      [900, 420],
      [960, 420],
    ]);
    await inspection(r.xml);
  });

  it('an element both moved to different places is a changed conflict on its location', async () => {
    // A镇 moved 结案归档 to the 执法中队 lane; the city moved it into 整改处置.
    const ours = archiveToEnforceLane(STREET_INSPECTION);
    const theirs = archiveIntoRectify(STREET_INSPECTION);
    const kept = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs });
    expect(kept.conflicts).toEqual([
      {
        id: 'Task_Archive',
        kind: 'changed',
        name: '结案归档',
        type: 'bpmn:UserTask',
        properties: ['location'],
        resolution: 'ours',
      },
    ]);
    const keptDoc = await read(kept.xml);
    expect(keptDoc.byId.get('Task_Archive')?.$parent?.id).toBe('street-inspection');
    expect(laneOf(keptDoc, 'Task_Archive')).toEqual(['Lane_Enforce']);
    expect(keptDoc.shapes('Task_Archive')[0]!.bounds).toMatchObject({ x: 960, y: 380 });

    const taken = await rebaseBpmn({ base: STREET_INSPECTION, ours, theirs, resolutions: { Task_Archive: 'theirs' } });
    const doc = await read(taken.xml);
    expect(doc.byId.get('Task_Archive')?.$parent?.id).toBe('SubProcess_Rectify');
    expect(laneOf(doc, 'Task_Archive')).toEqual([]);
    expect(doc.shapes('Task_Archive')[0]!.bounds).toMatchObject({ x: 870, y: 380 });
    await inspection(taken.xml);
  });
});
