// The bpmn.io properties panel as the designer mounts it: the library's BPMN and Zeebe providers,
// the Zeebe modelling behaviours, and the civic provider over them. Its stylesheet is loaded by
// this (the designer's) chunk only.
import panelCss from '@bpmn-io/properties-panel/dist/assets/properties-panel.css' with { type: 'text' };
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import type { CivicCatalog } from './catalog.js';
import { CivicPropertiesModule } from './CivicPropertiesProvider.js';
import civicCss from './panel.css' with { type: 'text' };

let styled = false;

function loadStyles(): void {
  if (styled) return;
  styled = true;
  const style = document.createElement('style');
  style.dataset.owner = 'properties-panel';
  style.textContent = `${panelCss as string}\n${civicCss as string}`;
  document.head.append(style);
}

/** The additional modeler modules and configuration for a panel drawn into `parent`. */
export function propertiesPanelOptions(parent: HTMLElement, catalog: CivicCatalog) {
  loadStyles();
  return {
    propertiesPanel: { parent },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      CivicPropertiesModule,
      { civicCatalog: ['value', catalog] },
    ],
  };
}
