// Three-way rebase of a township's copy of a process onto the city's newer version.
//
// base = the city's version the copy was based on, ours = the township's copy, theirs = the city's
// newer version. Every element with an id that a container holds (flow elements, lanes, artifacts,
// messages, errors …) is one unit; its properties are compared as values (references by id, nested
// bodies such as conditions and event definitions as a whole; extension elements one by one, so the
// township's assignee and the city's deadline on the same task both survive). A property the city
// changed and the township did not is taken from the city; one both changed differently is a
// conflict of that element. Added elements come with their diagram shapes; removed ones take theirs along.
// Where an element sits (its container and its lanes) is one more property, `location`: an element the city
// moved lands where the city put it; one both moved differently is a conflict. A shape the township did not
// move is drawn as the city draws it (so a moved element, and the sub-process grown to hold it, fit together).
// What the city changed or added inside an element the township deleted (a sub-process, a lane, a pool) is one
// `removed-here` conflict on that element, naming the additions: they come back with it, or stay out with it.
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { civicDescriptor, zeebeDescriptor } from '../bpmn/parse.js';

export type Side = 'ours' | 'theirs';

/** What happened to an element (or a field) between two versions. */
export interface MergeChange {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  /** The element's name (the copy's, else the city's, else the base's); empty when it has none. */
  name: string;
  type: string;
  /** For a changed element: the properties (groups as the diff lists name them: name, extensionElements …). */
  properties: string[];
}

/**
 * One element both sides changed differently:
 * - `changed`: the same properties (listed) changed to different values;
 * - `removed-upstream`: the city removed an element the township changed (ours keeps it, theirs removes it);
 * - `removed-here`: the township removed an element the city changed (ours leaves it out, theirs brings it back);
 * - `added-both`: both added an element under the same id, differently.
 */
export interface MergeConflict {
  id: string;
  kind: 'changed' | 'removed-upstream' | 'removed-here' | 'added-both';
  name: string;
  type: string;
  properties: string[];
  /** For `removed-here`: what the city added inside the removed element (or hanging on it), in its document order. */
  added?: AddedElement[];
  /** What the merged result holds for it: the township's (`ours`, the default) or the city's. */
  resolution: Side;
}

/** An element the city added, as a conflict names it. */
export interface AddedElement {
  id: string;
  name: string;
  type: string;
}

export interface RebaseResult {
  xml: string;
  /** The city's changes taken into the copy. */
  applied: MergeChange[];
  conflicts: MergeConflict[];
}

export interface BpmnRebaseInput {
  base: string;
  ours: string;
  theirs: string;
  /** Per conflicting element id, which side wins (the township's when absent). */
  resolutions?: Record<string, Side>;
}

type El = ModdleElement;
const DEFINITIONS = '#definitions';
/** Collections whose members are units of their own. */
const CONTAINERS = new Set([
  'rootElements',
  'flowElements',
  'artifacts',
  'laneSets',
  'lanes',
  'participants',
  'messageFlows',
]);
/** References the modeler derives from the sequence flows (recomputed after merging). */
const DERIVED = new Set(['incoming', 'outgoing', 'lanes', 'boundaryEventRefs', 'diagrams', 'flowNodeRef']);
/** The pseudo-property of where an element sits: its container and the lanes it is in. */
const AT = '$at';
/** The references that tie an element to another (a flow to its ends, a boundary event to its activity). */
const ENDS = ['sourceRef', 'targetRef', 'attachedToRef'];
const EXT = 'extensionElements';

interface Unit {
  el: El;
  parent: string;
  /** The container's collection that holds it (flowElements, lanes …). */
  slot: string;
  /** The ids of the lanes it is in (lanes list their flow nodes; here each node knows its lanes). */
  lanes: string[];
  /** Property key → canonical value (JSON text), with its location under `$at`. */
  props: Map<string, string>;
}

interface Doc {
  root: El;
  units: Map<string, Unit>;
  /** Diagram elements (shapes, edges) by the id of the element they draw. */
  di: Map<string, El[]>;
}

const isElement = (v: unknown): v is El => typeof v === 'object' && v !== null && typeof (v as El).$type === 'string';
const own = (el: El) => Object.getOwnPropertyNames(el).filter((n) => !n.startsWith('$'));
const isRef = (el: El, name: string) => Boolean(el.$descriptor?.propertiesByName?.[name]?.isReference);

/** A property value as comparable text: references by id, nested elements by their content. */
function canon(value: unknown, reference = false): unknown {
  if (Array.isArray(value)) return value.map((v) => canon(v, reference));
  if (!isElement(value)) return value;
  if (reference) return value.id ?? null;
  const out: Record<string, unknown> = { $type: value.$type };
  for (const name of own(value).sort()) out[name] = canon(value[name], isRef(value, name));
  for (const [k, v] of Object.entries(value.$attrs ?? {})) if (!k.startsWith('xmlns')) out[`@${k}`] = v;
  return out;
}

/** The extension elements of an element, keyed by type (and the occurrence when a type repeats). */
function extensionValues(el: El): Map<string, El> {
  const out = new Map<string, El>();
  const seen = new Map<string, number>();
  for (const v of (el[EXT]?.values ?? []) as El[]) {
    const n = seen.get(v.$type) ?? 0;
    seen.set(v.$type, n + 1);
    out.set(n === 0 ? v.$type : `${v.$type}#${n}`, v);
  }
  return out;
}

function propsOf(el: El): Map<string, string> {
  const props = new Map<string, string>([['$type', el.$type]]);
  for (const name of own(el)) {
    if (name === 'id' || CONTAINERS.has(name) || DERIVED.has(name)) continue;
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

function unit(el: El, parent: string, slot: string, lanes: string[]): Unit {
  const u = { el, parent, slot, lanes, props: new Map<string, string>() };
  refresh(u);
  return u;
}

/** Reads a unit's properties again (after it was changed or moved). */
function refresh(u: Unit): void {
  u.props = propsOf(u.el);
  u.props.set(AT, JSON.stringify([u.parent, ...[...u.lanes].sort()]));
}

function read(root: El): Doc {
  const found: Array<[El, string, string]> = [];
  const walk = (el: El, parent: string) => {
    for (const name of own(el)) {
      if (!CONTAINERS.has(name) || isRef(el, name)) continue;
      for (const child of (el[name] ?? []) as El[]) {
        if (!isElement(child) || !child.id) continue;
        found.push([child, parent, name]);
        walk(child, child.id);
      }
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

const same = (a: Map<string, string>, b: Map<string, string>) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
const keysOf = (...maps: Array<Map<string, string> | undefined>) => [
  ...new Set(maps.flatMap((m) => (m ? [...m.keys()] : []))),
];
/** A property key folded to the group the diff lists name (`extensionElements/zeebe:TaskDefinition` → extensionElements). */
const group = (key: string) =>
  key === '$type' ? 'type' : key === AT ? 'location' : (key.split('/')[0] ?? key).replace(/^@/, '');
const groups = (keys: string[]) => [...new Set(keys.map(group))];

let shared: BpmnModdle | null = null;
const moddle = () => {
  shared ??= new BpmnModdle({ zeebe: zeebeDescriptor, civic: civicDescriptor });
  return shared;
};

async function parse(xml: string, which: string): Promise<El> {
  if (/<!DOCTYPE/i.test(xml)) throw new Error(`${which}: DOCTYPE declarations are not allowed in BPMN`);
  return (await moddle().fromXML(xml, 'bpmn:Definitions', { lax: true })).rootElement;
}

/** Applies the city's changes (base → theirs) to the township's copy (ours) where they do not conflict. */
export async function rebaseBpmn(input: BpmnRebaseInput): Promise<RebaseResult> {
  const [base, ours, theirs] = await Promise.all([
    parse(input.base, 'base').then(read),
    parse(input.ours, 'ours').then(read),
    parse(input.theirs, 'theirs').then(read),
  ]);
  const resolutions = input.resolutions ?? {};
  const applied: MergeChange[] = [];
  const conflicts: MergeConflict[] = [];
  const nameOf = (id: string) =>
    String(ours.units.get(id)?.el.name ?? theirs.units.get(id)?.el.name ?? base.units.get(id)?.el.name ?? '');
  const typeOf = (id: string) => (ours.units.get(id) ?? theirs.units.get(id) ?? base.units.get(id))!.el.$type;
  const conflict = (id: string, kind: MergeConflict['kind'], properties: string[], added?: AddedElement[]): Side => {
    const resolution = resolutions[id] === 'theirs' ? 'theirs' : 'ours';
    conflicts.push({
      id,
      kind,
      name: nameOf(id),
      type: typeOf(id),
      properties,
      ...(added?.length ? { added } : {}),
      resolution,
    });
    return resolution;
  };
  const change = (id: string, kind: MergeChange['kind'], properties: string[] = []) =>
    applied.push({ id, kind, name: nameOf(id), type: typeOf(id), properties });
  const removedHere = removedHereGroups(base, ours, theirs);
  /** What the township removed and the city changed or added to, brought back as the city has it. */
  const restored = new Set(
    [...removedHere].filter(([id, g]) => g.conflicting && resolutions[id] === 'theirs').map(([id]) => id),
  );
  /** Elements placed (and drawn) where the city has them. */
  const relocated = new Set<string>();
  /** Elements drawn as the copy has them whatever the city did (their new end is left out). */
  const held = new Set<string>();
  /** Whether the city's element stays out of the merge with what the township removed. */
  const dropped = (id: string | undefined) =>
    id !== undefined && removedHere.has(id) && !restored.has(rootOf(removedHere, id));

  // In the city's document order, so a container comes before what it holds.
  for (const [id, t] of theirs.units) {
    const b = base.units.get(id);
    const o = ours.units.get(id);
    if (b && o) {
      if (same(b.props, t.props)) continue;
      const taken: string[] = [];
      const clashing: string[] = [];
      for (const key of keysOf(b.props, o.props, t.props)) {
        const [bv, ov, tv] = [b.props.get(key), o.props.get(key), t.props.get(key)];
        if (tv === bv || tv === ov) continue;
        if (ov === bv) taken.push(key);
        else clashing.push(key);
      }
      const typeChanged = taken.includes('$type') || clashing.includes('$type');
      if (typeChanged) {
        // The city replaced the element by another kind: take it whole, or keep ours whole.
        if (same(b.props, o.props) || conflict(id, 'changed', groups([...taken, ...clashing])) === 'theirs') {
          replace(ours, o, t);
          if (same(b.props, o.props)) change(id, 'changed', groups(taken));
        }
        continue;
      }
      const theirsToo = clashing.length > 0 && conflict(id, 'changed', groups(clashing)) === 'theirs';
      // A flow's new end (a default flow) the merge leaves out: the copy's stays, and the copy's drawing with it.
      const leftOut = (key: string) => (ENDS.includes(key) || key === 'default') && dropped(t.el[key]?.id);
      if (taken.some(leftOut)) held.add(id);
      taken.splice(0, taken.length, ...taken.filter((k) => !leftOut(k)));
      const take = theirsToo ? [...taken, ...clashing.filter((k) => !leftOut(k))] : taken;
      for (const key of [...take])
        if (key !== AT) setProperty(o.el, t.el, key);
        else if (relocate(ours, o, t)) relocated.add(id);
        // Moved into a container the copy does not have: it stays where the copy has it.
        else if (taken.includes(AT)) taken.splice(taken.indexOf(AT), 1);
      if (taken.length > 0) change(id, 'changed', groups(taken));
      if (take.length > 0) refresh(o);
    } else if (b && !o) {
      // The township removed it; the city changed it (or what it holds) since: a conflict, else it stays removed.
      const group = removedHere.get(id);
      if (group?.conflicting) {
        const properties = groups(changedKeys(b.props, t.props));
        if (conflict(id, 'removed-here', properties, group.added) === 'theirs') add(ours, theirs, id, t);
      } else if (restored.has(rootOf(removedHere, id))) add(ours, theirs, id, t);
    } else if (!b && o) {
      if (!same(o.props, t.props) && conflict(id, 'added-both', groups(changedKeys(o.props, t.props))) === 'theirs')
        replace(ours, o, t);
    } else {
      const root = rootOf(removedHere, id);
      // Inside (or on) what the township removed: listed in that conflict, and there only when it comes back.
      if (root !== id) {
        if (restored.has(root)) add(ours, theirs, id, t);
      } else if (add(ours, theirs, id, t)) change(id, 'added');
    }
  }
  // What the city removed: gone from the copy too, unless the township changed it.
  for (const [id, b] of base.units) {
    if (theirs.units.has(id)) continue;
    const o = ours.units.get(id);
    if (!o) continue;
    if (!same(b.props, o.props) && conflict(id, 'removed-upstream', groups(changedKeys(b.props, o.props))) === 'ours')
      continue;
    change(id, 'removed');
    remove(ours, id);
  }
  redrawAsTheCity(base, ours, theirs, relocated, held);
  tidy(ours);
  const { xml } = await moddle().toXML(ours.root, { format: true });
  return { xml, applied, conflicts };
}

interface RemovedHere {
  /** The outermost element the township removed that this one is in (itself when none). */
  root: string;
  /** On a root: whether the city changed it or what it holds, or added to it. */
  conflicting: boolean;
  added: AddedElement[];
}

const rootOf = (groups: Map<string, RemovedHere>, id: string) => groups.get(id)?.root ?? id;

/**
 * The city's elements the copy does not have, each with the outermost element the township removed that holds it
 * (its container, a container of that, or a lane it is in) or that it hangs on (a flow's end, a boundary event's
 * activity); on each such root, whether the city changed anything of it and what it added.
 */
function removedHereGroups(base: Doc, ours: Doc, theirs: Doc): Map<string, RemovedHere> {
  const removed = (id: string) => base.units.has(id) && !ours.units.has(id);
  const outermost = (id: string) => {
    let found: string | undefined;
    for (let at: string | undefined = id; at && at !== DEFINITIONS; at = theirs.units.get(at)?.parent)
      if (removed(at)) found = at;
    return found;
  };
  const out = new Map<string, RemovedHere>();
  const join = (id: string, root: string) => out.set(id, { root, conflicting: false, added: [] });
  for (const [id, t] of theirs.units) {
    if (ours.units.has(id)) continue;
    const root = outermost(id) ?? t.lanes.map(outermost).find(Boolean);
    if (root) join(id, root);
  }
  for (let grown = true; grown; ) {
    grown = false;
    for (const [id, t] of theirs.units) {
      if (out.has(id) || ours.units.has(id) || base.units.has(id)) continue;
      const root = ENDS.map((n) => out.get(t.el[n]?.id)?.root).find(Boolean);
      if (root) {
        join(id, root);
        grown = true;
      }
    }
  }
  for (const [id, g] of out) {
    const root = out.get(g.root)!;
    const b = base.units.get(id);
    const t = theirs.units.get(id)!;
    if (!b) root.added.push({ id, name: String(t.el.name ?? ''), type: t.el.$type });
    if (!b || !same(b.props, t.props)) root.conflicting = true;
  }
  return out;
}

function changedKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  return keysOf(a, b).filter((k) => a.get(k) !== b.get(k));
}

/** Sets one property (or one extension element) of the copy's element to the city's value. */
function setProperty(target: El, source: El, key: string): void {
  if (key.startsWith('@')) {
    const attr = key.slice(1);
    target.$attrs ??= {};
    if (source.$attrs?.[attr] === undefined) delete target.$attrs[attr];
    else target.$attrs[attr] = source.$attrs[attr];
    return;
  }
  if (key.startsWith(`${EXT}/`)) {
    const which = key.slice(EXT.length + 1);
    const wanted = extensionValues(source).get(which);
    const have = extensionValues(target).get(which);
    if (!target[EXT]) {
      if (!wanted) return;
      target.set(EXT, moddle().create('bpmn:ExtensionElements', { values: [] }));
      target[EXT].$parent = target;
    }
    const values = (target[EXT].values ??= []) as El[];
    if (have && wanted) values.splice(values.indexOf(have), 1, adopt(wanted, target[EXT]));
    else if (have) values.splice(values.indexOf(have), 1);
    else if (wanted) values.push(adopt(wanted, target[EXT]));
    return;
  }
  const value = source[key];
  if (value === undefined) delete target[key];
  else target.set(key, isRef(source, key) ? value : adopt(value, target));
}

/** The city's object moved into the copy (the city's document is thrown away after merging). */
function adopt<T>(value: T, parent: El): T {
  if (Array.isArray(value)) for (const v of value) adopt(v, parent);
  else if (isElement(value)) value.$parent = parent;
  return value;
}

/** The `slot` collection of `parentId` in the copy (made when it has none yet); null when the copy has no such parent. */
function collection(doc: Doc, parentId: string, slot: string): El[] | null {
  const parent = parentId === DEFINITIONS ? doc.root : doc.units.get(parentId)?.el;
  if (!parent) return null;
  if (!parent[slot]) parent.set(slot, []);
  return parent[slot] as El[];
}

const parentEl = (doc: Doc, parentId: string) => (parentId === DEFINITIONS ? doc.root : doc.units.get(parentId)!.el);

/**
 * Adds the city's element to the copy with its diagram shapes, without what it holds: those come one by one
 * (the merge visits them next), so one the township has elsewhere is not doubled.
 */
function add(ours: Doc, theirs: Doc, id: string, t: Unit): boolean {
  const into = collection(ours, t.parent, t.slot);
  if (!into) return false;
  for (const name of own(t.el)) if (CONTAINERS.has(name) && !isRef(t.el, name)) t.el.set(name, []);
  into.push(adopt(t.el, parentEl(ours, t.parent)));
  ours.units.set(id, unit(t.el, t.parent, t.slot, t.lanes));
  addShapes(ours, theirs, id);
  return true;
}

function addShapes(ours: Doc, theirs: Doc, id: string): void {
  for (const shape of theirs.di.get(id) ?? []) {
    const planeOwner = shape.$parent?.bpmnElement?.id as string | undefined;
    const planes = ((ours.root.diagrams ?? []) as El[]).map((d) => d.plane).filter(Boolean) as El[];
    const plane = planes.find((p) => p.bpmnElement?.id === planeOwner) ?? planes[0];
    if (!plane) continue;
    if (!plane.planeElement) plane.set('planeElement', []);
    (plane.planeElement as El[]).push(adopt(shape, plane));
    ours.di.set(id, [...(ours.di.get(id) ?? []), shape]);
  }
}

/** Puts the copy's element where the city has it (its container, its lanes); false when the copy lacks that container. */
function relocate(ours: Doc, o: Unit, t: Unit): boolean {
  if (t.parent !== o.parent || t.slot !== o.slot) {
    const into = collection(ours, t.parent, t.slot);
    if (!into) return false;
    const from = collection(ours, o.parent, o.slot);
    if (from?.includes(o.el)) from.splice(from.indexOf(o.el), 1);
    into.push(adopt(o.el, parentEl(ours, t.parent)));
    o.parent = t.parent;
    o.slot = t.slot;
  }
  o.lanes = [...t.lanes];
  return true;
}

/** The copy's element replaced by the city's (another kind, or the city's version of a clash), drawn as the city draws it. */
function replace(ours: Doc, o: Unit, t: Unit): void {
  const list = collection(ours, o.parent, o.slot);
  if (!list) return;
  const parent = o.el.$parent!;
  // What the copy's element held stays (the city's contents are merged unit by unit).
  for (const name of own(o.el)) if (CONTAINERS.has(name)) t.el.set(name, o.el[name]);
  list.splice(list.indexOf(o.el), 1, adopt(t.el, parent));
  ours.units.set(t.el.id!, unit(t.el, o.parent, o.slot, o.lanes));
  for (const shape of ours.di.get(t.el.id!) ?? []) shape.set('bpmnElement', t.el);
}

/** Removes an element (and what it holds) from the copy, with its diagram shapes. */
function remove(ours: Doc, id: string): void {
  const unit = ours.units.get(id);
  if (!unit) return;
  const list = collection(ours, unit.parent, unit.slot);
  if (list?.includes(unit.el)) list.splice(list.indexOf(unit.el), 1);
  const inner = read({ $type: 'bpmn:Definitions', rootElements: [unit.el] } as unknown as El);
  for (const gone of [id, ...inner.units.keys()]) {
    ours.units.delete(gone);
    for (const shape of ours.di.get(gone) ?? []) {
      const plane = shape.$parent as El;
      const shapes = (plane?.planeElement ?? []) as El[];
      if (shapes.includes(shape)) shapes.splice(shapes.indexOf(shape), 1);
    }
    ours.di.delete(gone);
  }
}

const drawing = (doc: Doc, id: string) => JSON.stringify(canon(doc.di.get(id) ?? []));

/**
 * Shapes as the city draws them where the township left them as they were (or where the element now sits where
 * the city put it); a shape the township moved, of an element still where the township has it, stays.
 */
function redrawAsTheCity(base: Doc, ours: Doc, theirs: Doc, relocated: Set<string>, held: Set<string>): void {
  for (const id of ours.units.keys()) {
    const fresh = theirs.di.get(id) ?? [];
    if (!base.units.has(id) || fresh.length === 0 || held.has(id)) continue;
    const mine = drawing(ours, id);
    if (mine === drawing(theirs, id) || (!relocated.has(id) && mine !== drawing(base, id))) continue;
    const old = ours.di.get(id) ?? [];
    if (old.length === fresh.length) {
      // In place, so the diagram keeps its order.
      old.forEach((shape, i) => {
        const list = shape.$parent?.planeElement as El[] | undefined;
        if (list?.includes(shape)) list.splice(list.indexOf(shape), 1, adopt(fresh[i]!, shape.$parent!));
      });
      ours.di.set(id, [...fresh]);
      continue;
    }
    for (const shape of old) {
      const list = shape.$parent?.planeElement as El[] | undefined;
      if (list?.includes(shape)) list.splice(list.indexOf(shape), 1);
    }
    ours.di.delete(id);
    addShapes(ours, theirs, id);
  }
}

/**
 * After merging: flows whose ends are gone go too (as the modeler removes them with a shape), boundary
 * events of a removed activity likewise; references to removed elements are dropped; each node's
 * incoming and outgoing flows, and each lane's flow nodes, are read again.
 */
function tidy(ours: Doc): void {
  const exists = (ref: unknown) => isElement(ref) && ref.id !== undefined && ours.units.has(ref.id);
  let removed = true;
  while (removed) {
    removed = false;
    for (const [id, u] of [...ours.units]) {
      const ends = ['sourceRef', 'targetRef', 'attachedToRef'].filter((n) => u.el[n] !== undefined);
      if (ends.some((n) => !exists(u.el[n]))) {
        remove(ours, id);
        removed = true;
      }
    }
  }
  const incoming = new Map<string, El[]>();
  const outgoing = new Map<string, El[]>();
  for (const { el } of ours.units.values()) {
    if (el.$type !== 'bpmn:SequenceFlow' || !el.sourceRef || !el.targetRef) continue;
    outgoing.set(el.sourceRef.id, [...(outgoing.get(el.sourceRef.id) ?? []), el]);
    incoming.set(el.targetRef.id, [...(incoming.get(el.targetRef.id) ?? []), el]);
  }
  for (const [id, { el }] of ours.units) {
    if (el.$descriptor?.propertiesByName?.incoming) {
      el.set('incoming', incoming.get(id) ?? []);
      el.set('outgoing', outgoing.get(id) ?? []);
    }
    if (el.default !== undefined && !exists(el.default)) delete el.default;
  }
  // Each lane lists its flow nodes again from where they are now (in the order it had them, then the new ones).
  for (const [laneId, { el }] of ours.units) {
    if (el.$type !== 'bpmn:Lane') continue;
    const members = [...ours.units].filter(([, u]) => u.lanes.includes(laneId)).map(([id]) => id);
    const had = ((el.flowNodeRef ?? []) as El[]).map((n) => n.id!).filter((id) => members.includes(id));
    const order = [...had, ...members.filter((id) => !had.includes(id))];
    el.set(
      'flowNodeRef',
      order.map((id) => ours.units.get(id)!.el),
    );
  }
}
