import { diff } from 'bpmn-js-differ';

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One element that differs between two versions, named as the diagram names it. */
export interface ElementChange {
  id: string;
  kind: ChangeKind;
  /** The element's name, or empty when it has none (the list then names its type). */
  name: string;
  type: string;
  /** For a changed element: which of its properties changed (differ attribute paths). */
  properties: string[];
}

/** Reads a BPMN document into its moddle tree (the modeler's moddle, so zeebe and civic attributes are known). */
export type ReadBpmn = (xml: string) => Promise<unknown>;

/** The semantic difference between two versions (bpmn-js-differ); moving shapes around is not a change. */
export async function compareVersions(read: ReadBpmn, olderXml: string, newerXml: string): Promise<ElementChange[]> {
  const changes = diff(await read(olderXml), await read(newerXml));
  const out: ElementChange[] = [];
  const named = (el: { id: string; $type: string; name?: string }, kind: ChangeKind, properties: string[] = []) =>
    out.push({ id: el.id, kind, name: el.name ?? '', type: el.$type, properties });
  for (const el of Object.values(changes._added)) if (shown(el.$type)) named(el, 'added');
  for (const el of Object.values(changes._removed)) if (shown(el.$type)) named(el, 'removed');
  for (const { model, attrs } of Object.values(changes._changed))
    if (shown(model.$type)) named(model, 'changed', [...new Set(Object.keys(attrs).map(propertyGroup))]);
  return out;
}

/** Diagram interchange and the process itself are not elements an administrator sees as such. */
const shown = (type: string) => type.startsWith('bpmn:') && type !== 'bpmn:Process' && type !== 'bpmn:Definitions';

/** A changed attribute path folded to the property an administrator knows (`extensionElements.values[0]…` → extensionElements). */
function propertyGroup(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}
