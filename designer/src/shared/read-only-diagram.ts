// A BPMN diagram shown read-only (pan and zoom only), fitted to its box and then marked by its owner:
// the case page's passed and current steps, 流程监控's badges.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { type RefObject, useEffect } from 'react';
import './diagram-styles.css';

export interface DiagramMarks {
  canvas: { addMarker(id: string, marker: string): void };
  overlays: {
    add(
      id: string,
      overlay: {
        position: { top?: number; right?: number; bottom?: number; left?: number };
        html: HTMLElement | string;
      },
    ): void;
  };
  /** Whether the diagram has an element of this id. */
  has(id: string): boolean;
}

/** Draws `xml` into `host` and hands the drawing to `mark`; drawn again when `xml` or `deps` change. */
export function useReadOnlyDiagram(
  host: RefObject<HTMLDivElement | null>,
  xml: string,
  mark: (diagram: DiagramMarks) => void,
  deps: unknown[],
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `mark` is drawn from `deps`, given by the caller
  useEffect(() => {
    const viewer = new NavigatedViewer({ container: host.current! });
    let live = true;
    void viewer.importXML(xml).then(() => {
      if (!live) return;
      const canvas = viewer.get('canvas') as DiagramMarks['canvas'] & { zoom(level: string): void };
      const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
      canvas.zoom('fit-viewport');
      mark({ canvas, overlays: viewer.get('overlays') as DiagramMarks['overlays'], has: (id) => !!registry.get(id) });
    });
    return () => {
      live = false;
      viewer.destroy();
    };
  }, [host, xml, ...deps]);
}
