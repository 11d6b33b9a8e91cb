// Pickers over what the tenant has deployed (its own and inherited): the form of a user task,
// the decision table of a business rule task, the process a call activity starts.
import { SelectEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { definitionLabel, useCatalogSource, type CatalogData, type CatalogDefinition } from '../catalog.js';
import { html } from '../html.js';
import {
  execute,
  extensionOf,
  removeExtensionCommands,
  setExtension,
  type Injector,
  type PanelElement,
} from '../moddle-edit.js';

interface Props {
  element: PanelElement;
  id: string;
}

type Kind = 'form' | 'decision' | 'process';

const TARGET: Record<Kind, { type: string; attr: string; label: 'pp_form' | 'pp_decision' | 'pp_calledProcess' }> = {
  form: { type: 'zeebe:FormDefinition', attr: 'formId', label: 'pp_form' },
  decision: { type: 'zeebe:CalledDecision', attr: 'decisionId', label: 'pp_decision' },
  process: { type: 'zeebe:CalledElement', attr: 'processId', label: 'pp_calledProcess' },
};

function DefinitionPicker({ element, id, kind }: Props & { kind: Kind }) {
  const source = useCatalogSource();
  const injector = useService<Injector>('injector');
  const { type, attr, label } = TARGET[kind];
  const getValue = () => String(extensionOf(element.businessObject, type)?.[attr] ?? '');
  // Read when the select draws, from the catalog as it is then and the element as it is then.
  const getOptions = () => {
    const catalog = source.data;
    const items = itemsOf(catalog, kind, element);
    const current = getValue();
    const options = [
      { value: '', label: catalog.t('pp_none') },
      ...uniqueByKey(items).map((d) => ({ value: d.key, label: definitionLabel(d, catalog.tenant) })),
    ];
    if (current && !options.some((o) => o.value === current))
      options.push({ value: current, label: catalog.t('pp_notDeployed', { key: current }) });
    return options;
  };
  const setValue = (value: string) => {
    if (value) setExtension(injector, element, type, { [attr]: value });
    else if (kind === 'form') execute(injector, removeExtensionCommands(element, element.businessObject, type));
    else setExtension(injector, element, type, { [attr]: undefined });
  };
  const select = html`<${SelectEntry} element=${element} id=${id} label=${source.data.t(label)} getValue=${getValue} setValue=${setValue} getOptions=${getOptions} />`;
  const newForm = source.data.newForm;
  if (kind !== 'form' || !newForm) return select;
  return html`<div>
    ${select}
    <div class="civic-entry-actions">
      <button type="button" class="civic-link" onClick=${() => newForm((key) => setValue(key))}>
        ${source.data.t('newForm')}
      </button>
    </div>
  </div>`;
}

function itemsOf(catalog: CatalogData, kind: Kind, element: PanelElement): CatalogDefinition[] {
  if (kind === 'form') return catalog.forms;
  if (kind === 'decision') return catalog.decisions;
  return catalog.processes.filter((p) => p.key !== processKeyOf(element));
}

/** One entry per key: the nearest tenant's (its own before an inherited one). */
function uniqueByKey(items: CatalogDefinition[]): CatalogDefinition[] {
  const byKey = new Map<string, CatalogDefinition>();
  for (const d of items) if (!byKey.has(d.key)) byKey.set(d.key, d);
  return [...byKey.values()];
}

function processKeyOf(element: PanelElement): string | undefined {
  let node = element.businessObject.$parent;
  while (node && node.$type !== 'bpmn:Process') node = node.$parent;
  return typeof node?.id === 'string' ? node.id : undefined;
}

export const FormEntry = (props: Props) => html`<${DefinitionPicker} ...${props} kind="form" />`;
export const DecisionEntry = (props: Props) => html`<${DefinitionPicker} ...${props} kind="decision" />`;
export const CalledProcessEntry = (props: Props) => html`<${DefinitionPicker} ...${props} kind="process" />`;
