// Changes to the township's copy while rebasing: elements added, moved, replaced or removed with their shapes,
// shapes redrawn as the city draws them, and what the modeler derives read again at the end.
import {
  canon,
  CONTAINERS,
  DEFINITIONS,
  type Doc,
  type El,
  EXT,
  extensionValues,
  held,
  isElement,
  isRef,
  moddle,
  own,
  read,
  type Unit,
  unit,
} from './bpmn-units.js';

/** Sets one property (or one extension element) of the copy's element to the city's value. */
export function setProperty(target: El, source: El, key: string): void {
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
export function adopt<T>(value: T, parent: El): T {
  if (Array.isArray(value)) for (const v of value) adopt(v, parent);
  else if (isElement(value)) value.$parent = parent;
  return value;
}

/** A lane's nested lane set: the one container property that holds a single unit rather than a list. */
const SINGLE = 'childLaneSet';

const parentEl = (doc: Doc, parentId: string) => (parentId === DEFINITIONS ? doc.root : doc.units.get(parentId)?.el);

/** Puts an element into `slot` of `parentId` in the copy; false when the copy has no such parent. */
function insert(doc: Doc, parentId: string, slot: string, el: El): boolean {
  const parent = parentEl(doc, parentId);
  if (!parent) return false;
  adopt(el, parent);
  if (slot === SINGLE) parent.set(slot, el);
  else {
    if (!parent[slot]) parent.set(slot, []);
    (parent[slot] as El[]).push(el);
  }
  return true;
}

/** Takes a unit's element out of its place in the copy, or puts `by` in its place. */
function detach(doc: Doc, u: Unit, by?: El): void {
  const parent = parentEl(doc, u.parent);
  if (!parent) return;
  if (u.slot === SINGLE) {
    if (parent[SINGLE] !== u.el) return;
    if (by) parent.set(SINGLE, adopt(by, parent));
    else delete parent[SINGLE];
    return;
  }
  const list = parent[u.slot] as El[] | undefined;
  if (!list?.includes(u.el)) return;
  if (by) list.splice(list.indexOf(u.el), 1, adopt(by, parent));
  else list.splice(list.indexOf(u.el), 1);
}

/**
 * Adds the city's element to the copy with its diagram shapes, without what it holds: those come one by one
 * (the merge visits them next), so one the township has elsewhere is not doubled.
 */
export function add(ours: Doc, theirs: Doc, id: string, t: Unit): boolean {
  if (!parentEl(ours, t.parent)) return false;
  for (const name of own(t.el)) {
    if (name === SINGLE) {
      if (held(t.el, name).length > 0) delete t.el[name];
    } else if (CONTAINERS.has(name) && !isRef(t.el, name)) t.el.set(name, []);
  }
  insert(ours, t.parent, t.slot, t.el);
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
    const shapes = plane.planeElement as El[];
    // A drawing the copy kept of an element it deleted (the modeler leaves none, a hand edit may) is replaced.
    const stale = shapes.findIndex((s) => s.id === shape.id);
    if (stale >= 0) shapes.splice(stale, 1);
    shapes.push(adopt(shape, plane));
    ours.di.set(id, [...(ours.di.get(id) ?? []), shape]);
  }
}

/** Puts the copy's element where the city has it (its container, its lanes); false when the copy lacks that container. */
export function relocate(ours: Doc, o: Unit, t: Unit): boolean {
  if (t.parent !== o.parent || t.slot !== o.slot) {
    if (!parentEl(ours, t.parent)) return false;
    detach(ours, o);
    insert(ours, t.parent, t.slot, o.el);
    o.parent = t.parent;
    o.slot = t.slot;
  }
  o.lanes = [...t.lanes];
  return true;
}

/** The copy's element replaced by the city's (another kind, or the city's version of a clash), drawn as the city draws it. */
export function replace(ours: Doc, o: Unit, t: Unit): void {
  if (!parentEl(ours, o.parent)) return;
  // What the copy's element held stays (the city's contents are merged unit by unit).
  for (const name of own(o.el))
    if (CONTAINERS.has(name) && (name !== SINGLE || held(o.el, name).length > 0)) t.el.set(name, o.el[name]);
  detach(ours, o, t.el);
  ours.units.set(t.el.id!, unit(t.el, o.parent, o.slot, o.lanes));
  for (const shape of ours.di.get(t.el.id!) ?? []) shape.set('bpmnElement', t.el);
}

/** Removes an element (and what it holds) from the copy, with its diagram shapes. */
export function remove(ours: Doc, id: string): void {
  const unit = ours.units.get(id);
  if (!unit) return;
  detach(ours, unit);
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
export function redrawAsTheCity(base: Doc, ours: Doc, theirs: Doc, relocated: Set<string>, held: Set<string>): void {
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
export function tidy(ours: Doc): void {
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
