import BpmnModeler from 'bpmn-js/lib/Modeler';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { civicDescriptor, zeebeDescriptor } from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';
import { modelerTranslate } from './modeler-translations.js';
import type { DiagramElement, ModelerServices } from './properties/element-facts.js';

export interface BpmnEditorHandle {
  open(xml: string): Promise<string[]>;
  xml(): Promise<string>;
  select(elementId: string): void;
  /** The modeler's services (modeling, moddle …), for the properties panel. */
  services(): ModelerServices | null;
}

interface Props {
  /** The one selected element, or null. */
  onSelection?(element: DiagramElement | null): void;
  /** After every change to the diagram. */
  onChanged?(): void;
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
 * runtime reads (forms, candidate groups, deadlines, job types) survives a round trip.
 */
export const BpmnEditor = forwardRef<BpmnEditorHandle, Props>(function BpmnEditor({ onSelection, onChanged }, ref) {
  const { locale } = useApp();
  const host = useRef<HTMLDivElement>(null);
  const modeler = useRef<BpmnModeler | null>(null);
  // The diagram as last imported or edited: a change of language rebuilds the modeler (its palette
  // is drawn once) and opens it again.
  const latest = useRef<string | null>(null);
  const listeners = useRef({ onSelection, onChanged });
  listeners.current = { onSelection, onChanged };

  useEffect(() => {
    const m = new BpmnModeler({
      container: host.current!,
      moddleExtensions: { zeebe: zeebeDescriptor, civic: civicDescriptor },
      additionalModules: [{ translate: ['value', modelerTranslate(locale)] }],
    });
    modeler.current = m;
    m.on('commandStack.changed', () => {
      listeners.current.onChanged?.();
      void m.saveXML().then(({ xml }) => (latest.current = xml ?? latest.current));
    });
    // A label stands for its element (a flow's name, an event's caption).
    m.on('selection.changed', (e: { newSelection: Array<DiagramElement & { labelTarget?: DiagramElement }> }) => {
      const [one] = e.newSelection;
      listeners.current.onSelection?.(e.newSelection.length === 1 && one ? (one.labelTarget ?? one) : null);
    });
    if (latest.current) void importInto(m, latest.current);
    return () => {
      m.destroy();
      modeler.current = null;
    };
  }, [locale]);

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
    select(elementId: string) {
      const element = modeler.current!.get<ElementRegistry>('elementRegistry').get(elementId);
      if (element) modeler.current!.get<Selection>('selection').select(element);
    },
  }));

  return <div className="canvas" ref={host} data-testid="canvas" />;
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
