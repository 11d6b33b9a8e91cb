// 会签 on a user task: who signs, and when the step is done.
import { useService } from 'bpmn-js-properties-panel';
import { groupLabel, useCatalog, userLabel } from '../catalog.js';
import {
  assignmentOf,
  completionConditionOf,
  inputCollectionOf,
  ratioProblem,
  readRule,
  readSigners,
  SIGNER,
  type SignRule,
  type Signers,
} from '../countersign-model.js';
import { html } from '../html.js';
import {
  execute,
  extensionOf,
  setExtensionCommands,
  type BpmnFactory,
  type Command,
  type Injector,
  type ModdleObject,
  type PanelElement,
} from '../moddle-edit.js';

interface Props {
  element: PanelElement;
  id: string;
}

function current(element: PanelElement): { signers: Signers; rule: SignRule; loop: ModdleObject | undefined } {
  const bo = element.businessObject;
  const loop = bo.loopCharacteristics as ModdleObject | undefined;
  const isMulti = loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics';
  const z = isMulti ? extensionOf(loop, 'zeebe:LoopCharacteristics') : undefined;
  const assignment = extensionOf(bo, 'zeebe:AssignmentDefinition');
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const signers = readSigners({
    hasLoop: isMulti,
    inputCollection: str(z?.inputCollection),
    inputElement: str(z?.inputElement),
    candidateGroups: str(assignment?.candidateGroups),
    assignee: str(assignment?.assignee),
  });
  const condition = str((loop?.completionCondition as ModdleObject | undefined)?.body);
  return { signers, rule: isMulti ? readRule(condition) : { rule: 'all' }, loop: isMulti ? loop : undefined };
}

function write(
  injector: Injector,
  element: PanelElement,
  signers: Signers,
  rule: SignRule,
  loop: ModdleObject | undefined,
): void {
  const factory = injector.get<BpmnFactory>('bpmnFactory');
  const commands: Command[] = [];
  const collection = inputCollectionOf(signers);
  if (!collection) {
    const clear = Object.fromEntries(
      Object.entries(extensionOf(element.businessObject, 'zeebe:AssignmentDefinition') ?? {})
        .filter(([k, v]) => (k === 'assignee' || k === 'candidateGroups') && v === `=${SIGNER}`)
        .map(([k]) => [k, undefined]),
    );
    commands.push({
      cmd: 'element.updateProperties',
      context: { element, properties: { loopCharacteristics: undefined } },
    });
    if (Object.keys(clear).length > 0)
      commands.push(
        ...setExtensionCommands(injector, element, element.businessObject, 'zeebe:AssignmentDefinition', clear),
      );
    execute(injector, commands);
    return;
  }
  const condition = completionConditionOf(rule);
  const expression = condition ? factory.create('bpmn:FormalExpression', { body: condition }) : undefined;
  if (loop) {
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element, moddleElement: loop, properties: { completionCondition: expression } },
    });
    commands.push(
      ...setExtensionCommands(injector, element, loop, 'zeebe:LoopCharacteristics', {
        inputCollection: collection,
        inputElement: SIGNER,
      }),
    );
  } else {
    const z = factory.create('zeebe:LoopCharacteristics', { inputCollection: collection, inputElement: SIGNER });
    const extensions = factory.create('bpmn:ExtensionElements', { values: [z] });
    const created = factory.create('bpmn:MultiInstanceLoopCharacteristics', {
      isSequential: false,
      extensionElements: extensions,
      ...(expression ? { completionCondition: expression } : {}),
    });
    z.$parent = extensions;
    extensions.$parent = created;
    if (expression) expression.$parent = created;
    commands.push({
      cmd: 'element.updateProperties',
      context: { element, properties: { loopCharacteristics: created } },
    });
  }
  commands.push(
    ...setExtensionCommands(
      injector,
      element,
      element.businessObject,
      'zeebe:AssignmentDefinition',
      assignmentOf(signers),
    ),
  );
  execute(injector, commands);
}

export function CountersignEntry({ element, id }: Props) {
  const catalog = useCatalog();
  const { t, groups, users } = catalog;
  const injector = useService<Injector>('injector');
  const { signers, rule, loop } = current(element);
  const save = (s: Signers, r: SignRule) => write(injector, element, s, r, loop);
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

  if (signers.by === 'custom' || rule.rule === 'custom') {
    return html`<div class="bio-properties-panel-entry" data-entry-id=${id}><p class="bio-properties-panel-description">${t('pp_countersignCustom')}</p></div>`;
  }
  const changeBy = (by: string) => {
    const next: Signers =
      by === 'departments' || by === 'users'
        ? { by, ids: [] }
        : by === 'variable'
          ? { by, name: 'signers', holds: 'users' }
          : { by: 'none' };
    save(next, rule);
  };
  const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));
  const choices =
    signers.by === 'departments'
      ? groups.map((g) => ({ id: g.id, label: groupLabel(g, catalog) }))
      : signers.by === 'users'
        ? users.map((u) => ({ id: u.username, label: userLabel(u, users) }))
        : [];
  const ratio = rule.rule === 'ratio' ? rule : { numerator: 2, denominator: 3 };

  return html`<div class="bio-properties-panel-entry civic-countersign" data-entry-id=${id}>
    <label class="bio-properties-panel-label" for="civic-countersign-by">${t('pp_countersignBy')}</label>
    <select id="civic-countersign-by" class="bio-properties-panel-input" value=${signers.by} onChange=${(e: Event) => changeBy(value(e))}>
      <option value="none">${t('pp_countersignNone')}</option>
      <option value="departments">${t('pp_countersignDepartments')}</option>
      <option value="users">${t('pp_countersignUsers')}</option>
      <option value="variable">${t('pp_countersignVariable')}</option>
    </select>
    ${
      (signers.by === 'departments' || signers.by === 'users') &&
      html`<fieldset class="civic-choices">
      <legend class="bio-properties-panel-label">${t('pp_countersignWho')}</legend>
      ${choices.map(
        (c) => html`<label class="civic-choice" key=${c.id}>
          <input type="checkbox" checked=${signers.ids.includes(c.id)} onChange=${(e: Event) => save({ ...signers, ids: toggle(signers.ids, c.id, (e.target as HTMLInputElement).checked) }, rule)} />
          ${c.label}
        </label>`,
      )}
    </fieldset>`
    }
    ${
      signers.by === 'variable' &&
      html`<label class="bio-properties-panel-label" for="civic-countersign-var">${t('pp_countersignListVariable')}</label>
      <input id="civic-countersign-var" class="bio-properties-panel-input" value=${signers.name} onChange=${(e: Event) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(value(e)) && save({ ...signers, name: value(e) }, rule)} />
      <label class="bio-properties-panel-label" for="civic-countersign-holds">${t('pp_countersignHolds')}</label>
      <select id="civic-countersign-holds" class="bio-properties-panel-input" value=${signers.holds} onChange=${(e: Event) => save({ ...signers, holds: value(e) === 'departments' ? 'departments' : 'users' }, rule)}>
        <option value="users">${t('pp_countersignUsers')}</option>
        <option value="departments">${t('pp_countersignDepartments')}</option>
      </select>`
    }
    ${
      signers.by !== 'none' &&
      html`<label class="bio-properties-panel-label" for="civic-countersign-rule">${t('pp_countersignRule')}</label>
      <select id="civic-countersign-rule" class="bio-properties-panel-input" value=${rule.rule} onChange=${(
        e: Event,
      ) => {
        const r = value(e);
        save(signers, r === 'any' ? { rule: 'any' } : r === 'ratio' ? { rule: 'ratio', ...ratio } : { rule: 'all' });
      }}>
        <option value="all">${t('pp_countersignAll')}</option>
        <option value="any">${t('pp_countersignAny')}</option>
        <option value="ratio">${t('pp_countersignRatio')}</option>
      </select>`
    }
    ${
      rule.rule === 'ratio' &&
      html`<div class="civic-ratio">
      <input type="number" min="1" class="bio-properties-panel-input" aria-label=${t('pp_ratioNumerator')} value=${ratio.numerator} onChange=${(
        e: Event,
      ) => {
        const n = Number(value(e));
        if (!ratioProblem(n, ratio.denominator))
          save(signers, { rule: 'ratio', numerator: n, denominator: ratio.denominator });
      }} />
      <span>/</span>
      <input type="number" min="1" class="bio-properties-panel-input" aria-label=${t('pp_ratioDenominator')} value=${ratio.denominator} onChange=${(
        e: Event,
      ) => {
        const d = Number(value(e));
        if (!ratioProblem(ratio.numerator, d))
          save(signers, { rule: 'ratio', numerator: ratio.numerator, denominator: d });
      }} />
    </div>`
    }
  </div>`;
}
