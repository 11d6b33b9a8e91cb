import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useEffect, useRef } from 'react';
import type { CaseFile } from '../app/api/index.js';
import '../shared/diagram-styles.css';

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level: string): void;
}
interface Overlays {
  add(id: string, overlay: { position: { top?: number; right?: number }; html: string }): void;
}
interface Registry {
  get(id: string): unknown;
}

/** The diagram of the exact version the case runs: passed steps, where it stands, what is overdue or failed, and how often a step was passed. */
export function CaseDiagram({ xml, elements }: { xml: string; elements: CaseFile['diagram']['elements'] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const viewer = new NavigatedViewer({ container: host.current! });
    let live = true;
    void viewer.importXML(xml).then(() => {
      if (!live) return;
      const canvas = viewer.get('canvas') as Canvas;
      const overlays = viewer.get('overlays') as Overlays;
      const registry = viewer.get('elementRegistry') as Registry;
      canvas.zoom('fit-viewport');
      for (const e of elements) {
        if (!registry.get(e.id)) continue;
        canvas.addMarker(e.id, `case-${e.state}`);
        if (e.times > 1)
          overlays.add(e.id, {
            position: { top: -10, right: 10 },
            html: `<span class="case-times">${e.times}×</span>`,
          });
      }
    });
    return () => {
      live = false;
      viewer.destroy();
    };
  }, [xml, elements]);
  return <div className="case-diagram" ref={host} data-testid="case-diagram" />;
}
