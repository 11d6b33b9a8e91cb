import { useRef } from 'react';
import type { CaseFile } from '../app/api/index.js';
import { useReadOnlyDiagram } from '../shared/read-only-diagram.js';

/** The diagram of the exact version the case runs: passed steps, where it stands, what is overdue or failed, and how often a step was passed. */
export function CaseDiagram({ xml, elements }: { xml: string; elements: CaseFile['diagram']['elements'] }) {
  const host = useRef<HTMLDivElement>(null);
  useReadOnlyDiagram(
    host,
    xml,
    ({ canvas, overlays, has }) => {
      for (const e of elements) {
        if (!has(e.id)) continue;
        canvas.addMarker(e.id, `case-${e.state}`);
        if (e.times > 1)
          overlays.add(e.id, {
            position: { top: -10, right: 10 },
            html: `<span class="case-times">${e.times}×</span>`,
          });
      }
    },
    [elements],
  );
  return <div className="case-diagram" ref={host} data-testid="case-diagram" />;
}
