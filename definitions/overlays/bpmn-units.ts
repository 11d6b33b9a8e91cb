// The documents of a process rebase read as units: every element with an id that a container holds, with its
// properties as comparable values and its location (container, lanes); the diagram's shapes by element.
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { civicDescriptor, zeebeDescriptor } from '../bpmn/parse.js';

export type El = ModdleElement;
export const DEFINITIONS = '#definitions';
/** Collections whose members are units of their own. */
export const CONTAINERS = new Set([
  'rootElements',
  'flowElements',
  'artifacts',
  'laneSets',
  'lanes',
  // A lane's own lanes (nested lanes): one lane set, whose lanes are units of their own.
  'childLaneSet',
  'participants',
  'messageFlows',
]);
/** References the modeler derives from the sequence flows (recomputed after merging). */
export const DERIVED = new Set(['incoming', 'outgoing', 'lanes', 'boundaryEventRefs', 'diagrams', 'flowNodeRef']);
/** The pseudo-property of where an element sits: its container and the lanes it is in. */
export const AT = '$at';
/** The references that tie an element to another (a flow to its ends, a boundary event to its activity). */
export const ENDS = ['sourceRef', 'targetRef', 'attachedToRef'];
export const EXT = 'extensionElements';

export interface Unit {
  el: El;
  parent: string;
  /** The container's collection that holds it (flowElements, lanes …). */
  slot: string;
  /** The ids of the lanes it is in (lanes list their flow nodes; here each node knows its lanes). */
  lanes: string[];
  /** Property key → canonical value (JSON text), with its location under `$at`. */
  props: Map<string, string>;
}

export interface Doc {
  root: El;
  units: Map<string, Unit>;
  /** Diagram elements (shapes, edges) by the id of the element they draw. */
  di: Map<string, El[]>;
}

export const isElement = (v: unknown): v is El =>
  typeof v === 'object' && v !== null && typeof (v as El).$type === 'string';
export const own = (el: El) => Object.getOwnPropertyNames(el).filter((n) => !n.startsWith('$'));
export const isRef = (el: El, name: string) => Boolean(el.$descriptor?.propertiesByName?.[name]?.isReference);
/** The units a container property holds (most hold a list; a lane's `childLaneSet` holds one, with an id). */
export const held = (el: El, name: string): El[] => {
  if (!CONTAINERS.has(name) || isRef(el, name)) return [];
  const value = el[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is El => isElement(v) && Boolean(v.id));
};
/** Whether a property holds units (so it is no property of its holder); a lane set without an id stays a property. */
const holdsUnits = (el: El, name: string) =>
  CONTAINERS.has(name) && (name !== 'childLaneSet' || held(el, name).length > 0);

/** A property value as comparable text: references by id, nested elements by their content. */
export function canon(value: unknown, reference = false): unknown {
  if (Array.isArray(value)) return value.map((v) => canon(v, reference));
  if (!isElement(value)) return value;
  if (reference) return value.id ?? null;
  const out: Record<string, unknown> = { $type: value.$type };
  for (const name of own(value).sort()) out[name] = canon(value[name], isRef(value, name));
  for (const [k, v] of Object.entries(value.$attrs ?? {})) if (!k.startsWith('xmlns')) out[`@${k}`] = v;
  return out;
}

/** The extension elements of an element, keyed by type (and the occurrence when a type repeats). */
export function extensionValues(el: El): Map<string, El> {
  const out = new Map<string, El>();
  const seen = new Map<string, number>();
  for (const v of (el[EXT]?.values ?? []) as El[]) {
    const n = seen.get(v.$type) ?? 0;
    seen.set(v.$type, n + 1);
    out.set(n === 0 ? v.$type : `${v.$type}#${n}`, v);
  }
  return out;
}

export function propsOf(el: El): Map<string, string> {
  const props = new Map<string, string>([['$type', el.$type]]);
  for (const name of own(el)) {
    if (name === 'id' || holdsUnits(el, name) || DERIVED.has(name)) continue;
    if (name === EXT) {
      for (const [k, v] of extensionValues(el)) props.set(`${EXT}/${k}`, JSON.stringify(canon(v)));
      continue;
    }
    const v = el[name];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    props.set(name, JSON.stringify(canon(v, isRef(el, name))));
  }
  for (const [k, v] of Object.entries(el.$attrs ?? {})) if (!k.startsWith('xmlns')) props.set(`@${k}`, v);
  return props;
}

export function unit(el: El, parent: string, slot: string, lanes: string[]): Unit {
  const u = { el, parent, slot, lanes, props: new Map<string, string>() };
  refresh(u);
  return u;
}

/** Reads a unit's properties again (after it was changed or moved). */
export function refresh(u: Unit): void {
  u.props = propsOf(u.el);
  u.props.set(AT, JSON.stringify([u.parent, ...[...u.lanes].sort()]));
}

export function read(root: El): Doc {
  const found: Array<[El, string, string]> = [];
  const walk = (el: El, parent: string) => {
    for (const name of own(el))
      for (const child of held(el, name)) {
        found.push([child, parent, name]);
        walk(child, child.id!);
      }
  };
  walk(root, DEFINITIONS);
  const lanes = new Map<string, string[]>();
  for (const [el] of found)
    if (el.$type === 'bpmn:Lane')
      for (const node of (el.flowNodeRef ?? []) as El[])
        if (node?.id) lanes.set(node.id, [...(lanes.get(node.id) ?? []), el.id!]);
  const units = new Map<string, Unit>();
  for (const [el, parent, slot] of found) units.set(el.id!, unit(el, parent, slot, lanes.get(el.id!) ?? []));
  const di = new Map<string, El[]>();
  for (const diagram of (root.diagrams ?? []) as El[])
    for (const shape of (diagram.plane?.planeElement ?? []) as El[]) {
      const id = shape.bpmnElement?.id as string | undefined;
      if (id) di.set(id, [...(di.get(id) ?? []), shape]);
    }
  return { root, units, di };
}

export const same = (a: Map<string, string>, b: Map<string, string>) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
export const keysOf = (...maps: Array<Map<string, string> | undefined>) => [
  ...new Set(maps.flatMap((m) => (m ? [...m.keys()] : []))),
];
/** A property key folded to the group the diff lists name (`extensionElements/zeebe:TaskDefinition` → extensionElements). */
const group = (key: string) =>
  key === '$type' ? 'type' : key === AT ? 'location' : (key.split('/')[0] ?? key).replace(/^@/, '');
export const groups = (keys: string[]) => [...new Set(keys.map(group))];

let shared: BpmnModdle | null = null;
export const moddle = () => {
  shared ??= new BpmnModdle({ zeebe: zeebeDescriptor, civic: civicDescriptor });
  return shared;
};

export async function parse(xml: string, which: string): Promise<El> {
  if (/<!DOCTYPE/i.test(xml)) throw new Error(`${which}: DOCTYPE declarations are not allowed in BPMN`);
  return (await moddle().fromXML(xml, 'bpmn:Definitions', { lax: true })).rootElement;
}

export function changedKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  return keysOf(a, b).filter((k) => a.get(k) !== b.get(k));
}
