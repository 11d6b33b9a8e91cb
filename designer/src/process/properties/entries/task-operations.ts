// 办理操作 (civic:taskOperations): which operations a step allows (加签/减签 on a countersign), and
// the steps it may be returned to, picked from the diagram's user tasks.
import { useService } from 'bpmn-js-properties-panel';
import { useCatalog } from '../catalog.js';
import { otherUserTasks } from '../diagram-walk.js';
import { html } from '../html.js';
import { extensionOf, setExtension, splitList, type Injector, type PanelElement } from '../moddle-edit.js';

interface Props {
  element: PanelElement;
  id: string;
}

const OPS = 'civic:TaskOperations';
type Flag = 'withdraw' | 'transfer' | 'delegate' | 'addSigners' | 'removeSigners';
/** The engine's default when the attribute is absent (see definitions/bpmn/activity-specs.ts). */
const DEFAULTS: Record<Flag, boolean> = {
  withdraw: false,
  transfer: true,
  delegate: true,
  addSigners: true,
  removeSigners: true,
};

export function TaskOperationsEntry({ element, id }: Props) {
  const { t } = useCatalog();
  const injector = useService<Injector>('injector');
  const ops = extensionOf(element.businessObject, OPS);
  const flag = (name: Flag) => (typeof ops?.[name] === 'boolean' ? (ops[name] as boolean) : DEFAULTS[name]);
  const targets = splitList(ops?.returnTargets);
  const refuse = typeof ops?.refuse === 'boolean' ? String(ops.refuse) : 'default';
  const steps = otherUserTasks(element.businessObject).map((s) => ({
    id: s.id,
    label: s.name?.trim() || t('pp_unnamedStep'),
  }));
  const set = (attrs: Record<string, unknown>) => setExtension(injector, element, OPS, attrs);
  const checked = (e: Event) => (e.target as HTMLInputElement).checked;

  // 加签 / 减签 apply to a countersign (会签): a multi-instance step.
  const countersign = !!element.businessObject.loopCharacteristics;
  const flags: Flag[] = [
    'transfer',
    'delegate',
    'withdraw',
    ...(countersign ? (['addSigners', 'removeSigners'] as Flag[]) : []),
  ];

  return html`<div class="bio-properties-panel-entry civic-operations" data-entry-id=${id}>
    ${flags.map(
      (name) => html`<label class="civic-choice" key=${name}>
        <input type="checkbox" checked=${flag(name)} onChange=${(e: Event) => set({ [name]: checked(e) })} />
        ${t(`pp_op_${name}`)}
      </label>`,
    )}
    <fieldset class="civic-choices">
      <legend class="bio-properties-panel-label">${t('pp_returnTargets')}</legend>
      <p class="bio-properties-panel-description">${t('pp_returnTargetsHint')}</p>
      ${steps.map(
        (s) => html`<label class="civic-choice" key=${s.id}>
          <input type="checkbox" checked=${targets.includes(s.id)} onChange=${(e: Event) => {
            const next = checked(e) ? [...targets, s.id] : targets.filter((x) => x !== s.id);
            set({ returnTargets: next.length > 0 ? next.join(',') : undefined });
          }} />
          ${s.label}
        </label>`,
      )}
    </fieldset>
    <label class="bio-properties-panel-label" for="civic-refuse">${t('pp_op_refuse')}</label>
    <select id="civic-refuse" class="bio-properties-panel-input" value=${refuse} onChange=${(e: Event) => {
      const v = (e.target as HTMLSelectElement).value;
      set({ refuse: v === 'default' ? undefined : v === 'true' });
    }}>
      <option value="default">${t('pp_refuseDefault')}</option>
      <option value="true">${t('pp_allowed')}</option>
      <option value="false">${t('pp_notAllowed')}</option>
    </select>
    ${
      refuse !== 'false' &&
      html`<label class="bio-properties-panel-label" for="civic-refuse-to">${t('pp_refuseTo')}</label>
      <select id="civic-refuse-to" class="bio-properties-panel-input" value=${typeof ops?.refuseTo === 'string' ? ops.refuseTo : ''} onChange=${(e: Event) => set({ refuseTo: (e.target as HTMLSelectElement).value || undefined })}>
        <option value="">${t('pp_refuseToNearest')}</option>
        ${steps.map((s) => html`<option value=${s.id} key=${s.id}>${s.label}</option>`)}
      </select>`
    }
  </div>`;
}
