import type { ElementChange } from './diff.js';

interface Canvas {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
}
interface Registry {
  get(id: string): unknown;
  getAll(): Array<{ id: string }>;
}
interface Services {
  get<T>(name: string): T;
}

const MARKERS = ['diff-added', 'diff-changed', 'diff-conflict'] as const;

/**
 * Colours the elements of the diagram on the canvas that were added or changed (removed ones are only listed),
 * and those in conflict (a rebase both sides changed).
 */
export function highlightChanges(modeler: Services, changes: ElementChange[], conflicts: string[] = []): void {
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<Registry>('elementRegistry');
  for (const el of registry.getAll()) for (const m of MARKERS) canvas.removeMarker(el.id, m);
  for (const c of changes) if (c.kind !== 'removed' && registry.get(c.id)) canvas.addMarker(c.id, `diff-${c.kind}`);
  for (const id of conflicts) if (registry.get(id)) canvas.addMarker(id, 'diff-conflict');
}
