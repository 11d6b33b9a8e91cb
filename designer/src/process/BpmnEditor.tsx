import BpmnModeler from 'bpmn-js/lib/Modeler';
import TokenSimulationModule from 'bpmn-js-token-simulation/lib/modeler';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import './checks/checks.css';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { civicDescriptor, zeebeDescriptor } from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';
import { supportedMenusModule, translateSimulation } from './checks/index.js';
import { modelerTranslate } from './modeler-translations.js';
import type { CivicCatalog } from './properties/catalog.js';
import { propertiesPanelOptions } from './properties/panel-modules.js';
import '../shared/diagram-styles.css';

export interface BpmnEditorHandle {
  open(xml: string): Promise<string[]>;
  xml(): Promise<string>;
  select(elementId: string): void;
  /** The modeler (its services: canvas, overlays …), for the checks' marks on the diagram. */
  services(): BpmnModeler | null;
  /** Turns token simulation on or off (the canvas cannot be edited while it is on). */
  simulate(on: boolean): void;
}

interface Props {
  /** What the panel's civic entries pick from. */
  catalog: CivicCatalog;
  /** After every change to the diagram; `edited` is false when a diagram was just opened. */
  onChanged?(edited: boolean): void;
}

interface Canvas {
  zoom(level: string, center?: 'auto'): void;
  resized(): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}
interface Selection {
  select(element: unknown): void;
}

/**
 * The bpmn-js modeler with the zeebe and civic extensions registered, so every attribute the
 * runtime reads (forms, candidate groups, deadlines, job types) survives a round trip, and the
 * bpmn.io properties panel beside it (the library's Zeebe groups the engine runs, and civic ones).
 */
export const BpmnEditor = forwardRef<BpmnEditorHandle, Props>(function BpmnEditor({ catalog, onChanged }, ref) {
  const { locale, t } = useApp();
  const host = useRef<HTMLDivElement>(null);
  const panelHost = useRef<HTMLElement>(null);
  const modeler = useRef<BpmnModeler | null>(null);
  // The diagram as last imported or edited: a change of language rebuilds the modeler (its palette
  // and panel are drawn once) and opens it again.
  const latest = useRef<string | null>(null);
  const listeners = useRef({ onChanged });
  listeners.current = { onChanged };

  useEffect(() => {
    const panel = propertiesPanelOptions(panelHost.current!, catalog);
    const m = new BpmnModeler({
      container: host.current!,
      moddleExtensions: { zeebe: zeebeDescriptor, civic: civicDescriptor },
      propertiesPanel: panel.propertiesPanel,
      additionalModules: [
        ...panel.additionalModules,
        { translate: ['value', modelerTranslate(locale)] },
        supportedMenusModule,
        TokenSimulationModule,
      ],
    });
    modeler.current = m;
    const stopTranslating = translateSimulation(host.current!, locale);
    m.on('commandStack.changed', (e: { trigger?: string }) => {
      listeners.current.onChanged?.(e.trigger !== 'clear');
      void m.saveXML().then(({ xml }) => (latest.current = xml ?? latest.current));
    });
    if (latest.current) void importInto(m, latest.current);
    return () => {
      stopTranslating();
      m.destroy();
      modeler.current = null;
    };
  }, [locale, catalog]);

  useImperativeHandle(ref, () => ({
    async open(xml: string) {
      latest.current = xml;
      return importInto(modeler.current!, xml);
    },
    async xml() {
      const { xml } = await modeler.current!.saveXML({ format: true });
      return xml ?? '';
    },
    services() {
      return modeler.current;
    },
    simulate(on: boolean) {
      modeler.current?.get<{ toggleMode(active?: boolean): void }>('toggleMode').toggleMode(on);
    },
    select(elementId: string) {
      const element = modeler.current!.get<ElementRegistry>('elementRegistry').get(elementId);
      if (element) modeler.current!.get<Selection>('selection').select(element);
    },
  }));

  return (
    <>
      <div className="canvas" ref={host} data-testid="canvas" />
      <aside className="properties-host" aria-label={t('properties')} ref={panelHost} />
    </>
  );
});

async function importInto(m: BpmnModeler, xml: string): Promise<string[]> {
  const { warnings } = await m.importXML(xml);
  const canvas = m.get<Canvas>('canvas');
  canvas.zoom('fit-viewport', 'auto');
  // Once the panels beside the canvas have their size, fit again.
  requestAnimationFrame(() => {
    canvas.resized();
    canvas.zoom('fit-viewport', 'auto');
  });
  return warnings.map((w) => String((w as { message?: string }).message ?? w));
}
