// The header of an item in the library's 输入映射 / 输出映射 lists, which names the process variable the
// mapping writes: a field of one of the process' forms by its label with the variable after it
// (「申请金额（amount）」), another variable by its name. Drawn in the header the library gives each item,
// again when the catalog's forms arrive.
import { Fragment } from '@bpmn-io/properties-panel/preact';
import { useCatalog } from '../catalog.js';
import { processFormIds } from '../diagram-walk.js';
import { html } from '../html.js';
import type { BusinessObject } from '../moddle-edit.js';

interface Props {
  /** The variable the mapping writes. */
  name: string;
  element: { businessObject: BusinessObject };
}

export function MappingLabel({ name, element }: Props) {
  const { forms } = useCatalog();
  const formIds = processFormIds(element.businessObject);
  const field = forms
    .filter((f) => formIds.includes(f.key))
    .flatMap((f) => f.fields)
    .find((f) => f.name === name);
  // The variable in <code>, as the library writes it, so a reader can still tell which one it is.
  return field ? html`<${Fragment}>${field.label}（<code>${name}</code>）</${Fragment}>` : html`<code>${name}</code>`;
}
