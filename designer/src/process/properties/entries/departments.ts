// 办理部门: the candidate groups of a user task, picked from the departments the caller may
// assign (its own subtree and its ancestors' — never a sibling township's).
import { useService } from 'bpmn-js-properties-panel';
import { groupLabel, useCatalog } from '../catalog.js';
import { html } from '../html.js';
import { extensionOf, setExtension, splitList, type Injector, type PanelElement } from '../moddle-edit.js';

interface Props {
  element: PanelElement;
  id: string;
}

export function DepartmentsEntry({ element, id }: Props) {
  const catalog = useCatalog();
  const { t, groups } = catalog;
  const injector = useService<Injector>('injector');
  const raw = extensionOf(element.businessObject, 'zeebe:AssignmentDefinition')?.candidateGroups;
  if (typeof raw === 'string' && raw.trim().startsWith('=')) {
    return html`<div class="bio-properties-panel-entry" data-entry-id=${id}>
      <p class="bio-properties-panel-label">${t('candidateGroups')}</p>
      <p class="bio-properties-panel-description">${t('pp_groupsByExpression', { expression: raw.trim().slice(1) })}</p>
    </div>`;
  }
  const chosen = splitList(raw);
  const known = new Set(groups.map((g) => g.id));
  const options = [
    ...groups.map((g) => ({ id: g.id, label: groupLabel(g, catalog) })),
    ...chosen.filter((g) => !known.has(g)).map((g) => ({ id: g, label: t('pp_unknownGroup', { id: g }) })),
  ];
  const toggle = (group: string, on: boolean) => {
    const next = on ? [...chosen, group] : chosen.filter((g) => g !== group);
    setExtension(injector, element, 'zeebe:AssignmentDefinition', {
      candidateGroups: next.length > 0 ? next.join(',') : undefined,
    });
  };
  return html`<fieldset class="bio-properties-panel-entry civic-choices" data-entry-id=${id}>
    <legend class="bio-properties-panel-label">${t('candidateGroups')}</legend>
    ${options.map(
      (g) => html`<label class="civic-choice" key=${g.id}>
        <input type="checkbox" checked=${chosen.includes(g.id)} onChange=${(e: Event) => toggle(g.id, (e.target as HTMLInputElement).checked)} />
        ${g.label}
      </label>`,
    )}
  </fieldset>`;
}
