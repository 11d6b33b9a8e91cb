// 字段权限: each field of the step's own form and of the forms filled before it, hidden /
// read-only / editable / required. Unset fields keep the runtime's default (own form editable,
// earlier data read-only), so only departures from it are written.
import { useService } from 'bpmn-js-properties-panel';
import { useCatalog, type CatalogForm } from '../catalog.js';
import { formIdOf, upstreamFormIds } from '../diagram-walk.js';
import { html } from '../html.js';
import {
  execute,
  extensionOf,
  removeExtensionCommands,
  setExtensionCommands,
  type BpmnFactory,
  type Injector,
  type ModdleObject,
  type PanelElement,
} from '../moddle-edit.js';

interface Props {
  element: PanelElement;
  id: string;
}

const ACCESS = ['hidden', 'readonly', 'editable', 'required'] as const;
type Access = (typeof ACCESS)[number];
const PERMISSIONS = 'civic:FieldPermissions';

interface Row {
  name: string;
  label: string;
  form: string;
  fallback: Access;
}

function rowsOf(element: PanelElement, forms: CatalogForm[]): Row[] {
  const byKey = new Map<string, CatalogForm>();
  for (const f of forms) if (!byKey.has(f.key)) byKey.set(f.key, f);
  const own = formIdOf(element.businessObject);
  const rows: Row[] = [];
  const seen = new Set<string>();
  const add = (formId: string, fallback: Access) => {
    const form = byKey.get(formId);
    for (const field of form?.fields ?? []) {
      if (seen.has(field.name)) continue;
      seen.add(field.name);
      rows.push({ name: field.name, label: field.label, form: form!.name, fallback });
    }
  };
  if (own) add(own, 'editable');
  for (const formId of upstreamFormIds(element.businessObject)) add(formId, 'readonly');
  return rows;
}

export function FieldPermissionsEntry({ element, id }: Props) {
  const { t, forms } = useCatalog();
  const injector = useService<Injector>('injector');
  const container = extensionOf(element.businessObject, PERMISSIONS);
  const stored = new Map(
    ((container?.fields as ModdleObject[] | undefined) ?? []).map((f) => [
      String(f.name),
      String(f.access ?? 'editable') as Access,
    ]),
  );
  const rows = rowsOf(element, forms);
  if (rows.length === 0) {
    return html`<div class="bio-properties-panel-entry" data-entry-id=${id}><p class="bio-properties-panel-description">${t('pp_permissionsNoFields')}</p></div>`;
  }
  const choose = (row: Row, access: Access) => {
    const next = new Map(stored);
    if (access === row.fallback) next.delete(row.name);
    else next.set(row.name, access);
    const factory = injector.get<BpmnFactory>('bpmnFactory');
    if (next.size === 0)
      return execute(injector, removeExtensionCommands(element, element.businessObject, PERMISSIONS));
    const fields = [...next].map(([name, a]) => factory.create('civic:Field', { name, access: a }));
    const commands = setExtensionCommands(injector, element, element.businessObject, PERMISSIONS, { fields });
    execute(injector, commands);
  };
  return html`<div class="bio-properties-panel-entry civic-permissions" data-entry-id=${id}>
    <table>
      <thead>
        <tr><th>${t('pp_field')}</th>${ACCESS.map((a) => html`<th key=${a}>${t(`pp_access_${a}`)}</th>`)}</tr>
      </thead>
      <tbody>
        ${rows.map((row) => {
          const access = stored.get(row.name) ?? row.fallback;
          return html`<tr key=${row.name}>
            <th scope="row" title=${row.form}>${row.label}</th>
            ${ACCESS.map(
              (a) => html`<td key=${a}>
                <input type="radio" name=${`civic-perm-${element.id}-${row.name}`} aria-label=${t('pp_accessOf', { field: row.label, access: t(`pp_access_${a}`) })} checked=${access === a} onChange=${() => choose(row, a)} />
              </td>`,
            )}
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
