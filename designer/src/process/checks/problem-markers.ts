import type { Problem } from '../../../../definitions/index.js';

interface Canvas {
  addMarker(element: unknown, marker: string): void;
  removeMarker(element: unknown, marker: string): void;
}
interface Overlays {
  add(
    element: unknown,
    type: string,
    overlay: { position: { top?: number; right?: number }; html: HTMLElement },
  ): string;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}
export interface MarkerServices {
  get<T>(name: string): T;
}

const TYPE = 'civic-problem';
const ERROR = 'civic-has-error';
const WARNING = 'civic-has-warning';

/**
 * Every problem as a mark on its element: the element outlined (red for an error, amber for a
 * warning) and a badge with the number of problems; `label` says them in words (hover, readers).
 * Returns a function that removes them again.
 */
export function showProblemMarkers(
  services: MarkerServices,
  problems: Problem[],
  label: (p: Problem) => string,
): () => void {
  const registry = services.get<ElementRegistry>('elementRegistry');
  const canvas = services.get<Canvas>('canvas');
  const overlays = services.get<Overlays>('overlays');
  const byElement = new Map<string, Problem[]>();
  for (const p of problems)
    if (p.elementId && registry.get(p.elementId))
      byElement.set(p.elementId, [...(byElement.get(p.elementId) ?? []), p]);
  const marked: Array<[unknown, string]> = [];
  for (const [id, list] of byElement) {
    const element = registry.get(id);
    const marker = list.some((p) => p.severity !== 'warning') ? ERROR : WARNING;
    canvas.addMarker(element, marker);
    marked.push([element, marker]);
    const badge = document.createElement('span');
    badge.className = `civic-problem-badge ${marker}`;
    badge.textContent = String(list.length);
    badge.title = list.map(label).join('\n');
    badge.setAttribute('role', 'img');
    badge.setAttribute('aria-label', badge.title);
    badge.dataset.elementId = id;
    overlays.add(element, TYPE, { position: { top: -10, right: 10 }, html: badge });
  }
  return () => {
    overlays.remove({ type: TYPE });
    for (const [element, marker] of marked) canvas.removeMarker(element, marker);
  };
}
