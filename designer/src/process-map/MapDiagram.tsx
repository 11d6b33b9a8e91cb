import { useRef } from 'react';
import { useReadOnlyDiagram } from '../shared/read-only-diagram.js';

/** One badge on an element: its number, the list it opens, and what it says in words. */
export interface Badge {
  kind: 'open' | 'overdue' | 'incidents';
  count: number;
  href: string;
  title: string;
}

/** A version's diagram, read-only, with each element's badges (numbers that open their case lists). */
export function MapDiagram({ xml, badges }: { xml: string; badges: Map<string, Badge[]> }) {
  const host = useRef<HTMLDivElement>(null);
  useReadOnlyDiagram(
    host,
    xml,
    ({ canvas, overlays, has }) => {
      for (const [elementId, list] of badges) {
        if (!has(elementId) || list.length === 0) continue;
        canvas.addMarker(elementId, list.some((b) => b.kind === 'incidents') ? 'map-incident' : 'map-waiting');
        const row = document.createElement('div');
        row.className = 'map-badges';
        for (const b of list) {
          const a = document.createElement('a');
          a.className = `map-badge ${b.kind}`;
          a.href = b.href;
          a.title = b.title;
          a.setAttribute('aria-label', b.title);
          a.dataset.badge = b.kind;
          a.textContent = String(b.count);
          row.append(a);
        }
        overlays.add(elementId, { position: { bottom: 4, left: -8 }, html: row });
      }
    },
    [badges],
  );
  return <div className="map-diagram" ref={host} data-testid="process-map-diagram" />;
}
