import BpmnModeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import TokenSimulationModule from 'bpmn-js-token-simulation/lib/modeler';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import './checks/checks.css';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { civicDescriptor, zeebeDescriptor } from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';
import { supportedMenusModule, translateSimulation } from './checks/index.js';
import { type Box, framedViewbox } from './framing.js';
import { modelerTranslate } from './modeler-translations.js';
import type { CivicCatalog } from './properties/catalog.js';
import { propertiesPanelOptions } from './properties/panel-modules.js';
import { translateTitles } from '../shared/translate-titles.js';
import '../shared/diagram-styles.css';

/** The services of the modeler or, read-only, the viewer: canvas, overlays, moddle … */
export interface DiagramServices {
  get<T>(name: string): T;
}

export interface BpmnEditorHandle {
  /** Opens a diagram to edit or, `readOnly`, only to look at (no palette, context pad or properties to edit). */
  open(xml: string, options?: { readOnly?: boolean }): Promise<string[]>;
  xml(): Promise<string>;
  select(elementId: string): void;
  /** The modeler or viewer (its services: canvas, overlays …), for the checks' marks on the diagram. */
  services(): DiagramServices | null;
  /** Turns token simulation on or off (the canvas cannot be edited while it is on). */
  simulate(on: boolean): void;
}

interface Props {
  /**
   * What the panel's civic entries pick from: one object for the editor's life. The modeler holds it
   * as a service and its entries read it when they draw, so what arrives later (forms load after the
   * rest) never rebuilds the modeler or the panel, and a pick made meanwhile stays.
   */
  catalog: CivicCatalog;
  /** After every change to the diagram; `edited` is false when a diagram was just opened. */
  onChanged?(edited: boolean): void;
}

interface Canvas {
  zoom(level: string, center?: 'auto'): void;
  resized(): void;
  viewbox(): Box & { scale: number; inner: Box; outer: { width: number; height: number } };
  viewbox(box: Box): void;
  getContainer(): HTMLElement;
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
  const panelHost = useRef<HTMLDivElement>(null);
  const modeler = useRef<BpmnModeler | NavigatedViewer | null>(null);
  const teardown = useRef<(() => void) | null>(null);
  // The diagram as last imported or edited: a change of language rebuilds the modeler (its palette
  // and panel are drawn once) and opens it again.
  const latest = useRef<string | null>(null);
  const [readOnly, setReadOnly] = useState(false);
  const mode = useRef({ readOnly: false, locale });
  const listeners = useRef({ onChanged, catalog });
  listeners.current = { onChanged, catalog };

  /** A modeler (or, read-only, a viewer) in place of the one before. */
  const build = (asReadOnly: boolean) => {
    teardown.current?.();
    mode.current.readOnly = asReadOnly;
    const moddleExtensions = { zeebe: zeebeDescriptor, civic: civicDescriptor };
    if (asReadOnly) {
      const v = new NavigatedViewer({ container: host.current!, moddleExtensions });
      modeler.current = v;
      teardown.current = () => {
        v.destroy();
        modeler.current = null;
      };
      return;
    }
    const panel = propertiesPanelOptions(panelHost.current!, listeners.current.catalog);
    const m = new BpmnModeler({
      container: host.current!,
      moddleExtensions,
      propertiesPanel: panel.propertiesPanel,
      additionalModules: [
        ...panel.additionalModules,
        { translate: ['value', modelerTranslate(mode.current.locale)] },
        supportedMenusModule,
        TokenSimulationModule,
      ],
    });
    modeler.current = m;
    const stopTranslating = translateSimulation(host.current!, mode.current.locale);
    const stopTitles = translateTitles(panelHost.current!, modelerTranslate(mode.current.locale));
    m.on('commandStack.changed', (e: { trigger?: string }) => {
      // Once edited, the diagram stays where it is when the canvas changes size (problems listed below it …).
      if (e.trigger !== 'clear') framedViews.delete(m.get<Canvas>('canvas'));
      listeners.current.onChanged?.(e.trigger !== 'clear');
      void m.saveXML().then(({ xml }) => (latest.current = xml ?? latest.current));
    });
    teardown.current = () => {
      stopTranslating();
      stopTitles();
      m.destroy();
      modeler.current = null;
    };
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: built once per language (the catalog is read through a ref, never a reason to rebuild)
  useEffect(() => {
    mode.current.locale = locale;
    build(mode.current.readOnly);
    if (latest.current) void importInto(modeler.current!, latest.current);
    return () => {
      teardown.current?.();
      teardown.current = null;
    };
  }, [locale]);

  // The canvas changes size as what is above it loads (a copy's banner with its changes): a diagram
  // still framed as it opened is framed again; one the user moved, zoomed or edited stays as it is.
  useEffect(() => {
    const observer = new ResizeObserver(() => {
      if (modeler.current) reframe(modeler.current.get<Canvas>('canvas'));
    });
    observer.observe(host.current!);
    return () => observer.disconnect();
  }, []);

  useImperativeHandle(ref, () => ({
    async open(xml: string, options?: { readOnly?: boolean }) {
      const asReadOnly = options?.readOnly ?? false;
      if (asReadOnly !== mode.current.readOnly) build(asReadOnly);
      setReadOnly(asReadOnly);
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
      if (mode.current.readOnly) return;
      modeler.current?.get<{ toggleMode(active?: boolean): void }>('toggleMode').toggleMode(on);
    },
    select(elementId: string) {
      const element = modeler.current!.get<ElementRegistry>('elementRegistry').get(elementId);
      if (element) modeler.current!.get<Selection>('selection').select(element);
    },
  }));

  return (
    <>
      <div className="canvas" ref={host} data-testid="canvas" data-readonly={readOnly || undefined} />
      <aside className="properties-host" aria-label={t('properties')}>
        {readOnly && (
          <p className="muted readonly-note" data-testid="readonly-note">
            {t('versionReadOnlyPanel')}
          </p>
        )}
        <div ref={panelHost} />
      </aside>
    </>
  );
});

async function importInto(m: BpmnModeler | NavigatedViewer, xml: string): Promise<string[]> {
  const { warnings } = await m.importXML(xml);
  const canvas = m.get<Canvas>('canvas');
  frame(canvas);
  // Once the panels beside the canvas have their size, frame again.
  requestAnimationFrame(() => {
    canvas.resized();
    frame(canvas);
  });
  return warnings.map((w) => String((w as { message?: string }).message ?? w));
}

/** The view each canvas was framed to, while it is still as framed (not moved, zoomed or edited since). */
const framedViews = new WeakMap<Canvas, { x: number; y: number; scale: number }>();

/** All of the diagram in view, none of it under the palette (the viewer has none). */
function frame(canvas: Canvas): void {
  const { inner, outer } = canvas.viewbox();
  if (outer.width <= 0 || outer.height <= 0) return; // not laid out yet: the next frame frames it
  const container = canvas.getContainer();
  const palette = container.querySelector('.djs-palette');
  const left = palette ? palette.getBoundingClientRect().right - container.getBoundingClientRect().left : 0;
  canvas.viewbox(framedViewbox(inner, outer, Math.max(0, left)));
  const { x, y, scale } = canvas.viewbox();
  framedViews.set(canvas, { x, y, scale });
}

/** After the canvas changed size: framed again if the view is still the one it was framed to. */
function reframe(canvas: Canvas): void {
  const framed = framedViews.get(canvas);
  const { x, y, scale } = canvas.viewbox(); // as it was before the resize (the canvas caches it until `resized`)
  canvas.resized();
  if (framed && Math.abs(framed.x - x) < 0.5 && Math.abs(framed.y - y) < 0.5 && Math.abs(framed.scale - scale) < 1e-3)
    frame(canvas);
}
