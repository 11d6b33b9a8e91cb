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
// `removed-here` conflict on that element, naming the additions: they come back with it, or stay out with it. So is
// what the city moved into it: kept, such an element stays where the township has it (nothing can sit in a container
// that is not there); taken, it moves in as the city has it. Taking such an element back takes its place in the
// process too: the flows the township deleted with it come back with it (see `reconnect`).
import { add, redrawAsTheCity, relocate, remove, replace, setProperty, tidy } from './bpmn-edit.js';
import {
  AT,
  canon,
  changedKeys,
  DEFINITIONS,
  type Doc,
  type El,
  ENDS,
  groups,
  keysOf,
  moddle,
  parse,
  read,
  refresh,
  same,
} from './bpmn-units.js';

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
  /**
   * For `removed-here`: what both have that the city moved into the removed element (a sub-process, a lane); kept,
   * it stays where the township has it, taken, it moves in.
   */
  moved?: AddedElement[];
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
  const conflict = (
    id: string,
    kind: MergeConflict['kind'],
    properties: string[],
    within?: Pick<RemovedHere, 'added' | 'moved'>,
  ): Side => {
    const resolution = resolutions[id] === 'theirs' ? 'theirs' : 'ours';
    conflicts.push({
      id,
      kind,
      name: nameOf(id),
      type: typeOf(id),
      properties,
      ...(within?.added.length ? { added: within.added } : {}),
      ...(within?.moved.length ? { moved: within.moved } : {}),
      resolution,
    });
    return resolution;
  };
  const change = (id: string, kind: MergeChange['kind'], properties: string[] = []) =>
    applied.push({ id, kind, name: nameOf(id), type: typeOf(id), properties });
  const { groups: removedHere, movedInto } = removedHereGroups(base, ours, theirs);
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
  /** Elements the city moved into what the township removed, which stay where the copy has them. */
  const stayed = new Set([...movedInto].filter(([, root]) => !restored.has(root)).map(([id]) => id));

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
      if (movedInto.has(id)) {
        // Its move belongs to the conflict of what it moved into (placed after the merge, once that is back).
        taken.splice(taken.indexOf(AT), 1);
        if (stayed.has(id)) held.add(id);
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
        if (conflict(id, 'removed-here', properties, group) === 'theirs') add(ours, theirs, id, t);
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
  for (const [id, root] of movedInto) {
    const o = ours.units.get(id);
    if (restored.has(root) && o && relocate(ours, o, theirs.units.get(id)!)) {
      relocated.add(id);
      refresh(o);
    }
  }
  reconnect(
    base,
    ours,
    theirs,
    new Set([...removedHere].filter(([, g]) => restored.has(g.root)).map(([id]) => id)),
    relocated,
  );
  // What the city removed: gone from the copy too, unless the township changed it.
  for (const [id, b] of base.units) {
    if (theirs.units.has(id)) continue;
    const o = ours.units.get(id);
    if (!o) continue;
    // A flow (or boundary event) of an element whose move the merge leaves out: the city removed it for that move.
    if (ENDS.some((n) => stayed.has(o.el[n]?.id))) continue;
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
  /** On a root: whether the city changed it or what it holds, added to it or moved something into it. */
  conflicting: boolean;
  added: AddedElement[];
  moved: AddedElement[];
}

const rootOf = (groups: Map<string, RemovedHere>, id: string) => groups.get(id)?.root ?? id;

/**
 * The city's elements the copy does not have, each with the outermost element the township removed that holds it
 * (its container, a container of that, or a lane it is in) or that it hangs on (a flow's end, a boundary event's
 * activity — whether the city added it, or the township deleted it along with that element); on each such root,
 * whether the city changed anything of it, what it added and what it moved into it. `movedInto`: each element both
 * have, the township left in place and the city moved into such a root, with that root.
 */
function removedHereGroups(
  base: Doc,
  ours: Doc,
  theirs: Doc,
): { groups: Map<string, RemovedHere>; movedInto: Map<string, string> } {
  const removed = (id: string) => base.units.has(id) && !ours.units.has(id);
  const outermost = (id: string) => {
    let found: string | undefined;
    for (let at: string | undefined = id; at && at !== DEFINITIONS; at = theirs.units.get(at)?.parent)
      if (removed(at)) found = at;
    return found;
  };
  const out = new Map<string, RemovedHere>();
  const join = (id: string, root: string) => out.set(id, { root, conflicting: false, added: [], moved: [] });
  for (const [id, t] of theirs.units) {
    if (ours.units.has(id)) continue;
    const root = outermost(id) ?? t.lanes.map(outermost).find(Boolean);
    if (root) join(id, root);
  }
  // What hangs on a removed element goes with it; what is inside one already went with that.
  for (let grown = true; grown; ) {
    grown = false;
    for (const [id, t] of theirs.units) {
      if (ours.units.has(id) || (out.has(id) && out.get(id)!.root !== id)) continue;
      const root = ENDS.map((n) => out.get(t.el[n]?.id)?.root).find((r) => r !== undefined && r !== id);
      if (root) {
        join(id, root);
        grown = true;
      }
    }
  }
  // A boundary event that joined its activity takes the flows that joined it along.
  for (const g of out.values())
    for (let n = 0; n < out.size && out.get(g.root)!.root !== g.root; n++) g.root = out.get(g.root)!.root;
  for (const [id, g] of out) {
    const root = out.get(g.root)!;
    const b = base.units.get(id);
    const t = theirs.units.get(id)!;
    if (!b) root.added.push(named(t.el));
    if (!b || !same(b.props, t.props)) root.conflicting = true;
  }
  const movedInto = new Map<string, string>();
  for (const [id, t] of theirs.units) {
    const [b, o] = [base.units.get(id), ours.units.get(id)];
    if (!b || !o || t.props.get(AT) === b.props.get(AT) || o.props.get(AT) !== b.props.get(AT)) continue;
    const root = outermost(t.parent) ?? t.lanes.map(outermost).find(Boolean);
    if (!root) continue;
    movedInto.set(id, root);
    out.get(root)!.moved.push(named(t.el));
    out.get(root)!.conflicting = true;
  }
  return { groups: out, movedInto };
}

const named = (el: El): AddedElement => ({ id: el.id!, name: String(el.name ?? ''), type: el.$type });

/**
 * The flows around what the township removed and the city's version brings back (`back`: the elements that come
 * back), so that it has its place in the process again rather than sitting there unreachable. The flows the township
 * deleted along with it came back with it (they hang on it); here:
 * - a flow the township re-routed around it (its end moved from the element to another) leads to it again, as the
 *   city has it: choosing the city's element is choosing the city's path through it;
 * - a flow the township drew around it instead, from one of its predecessors straight to one of its successors and
 *   leaving the predecessor the same way (the same condition, or none), goes with its edge: beside the restored path
 *   it would be a second one, run in parallel (a gateway's default moves to the restored flow). A township branch
 *   with another condition is an alternative, not a bypass, and stays.
 * A path the township drew through an element of its own instead is the township's to redraw: the deploy check names
 * what is then left unreachable.
 */
function reconnect(base: Doc, ours: Doc, theirs: Doc, back: Set<string>, relocated: Set<string>): void {
  if (back.size === 0) return;
  const ends = (el: El) => [el.sourceRef?.id as string | undefined, el.targetRef?.id as string | undefined];
  const condition = (el: El) => JSON.stringify(canon(el.conditionExpression ?? null));
  /** Per predecessor and condition, the city's flow from it into what comes back. */
  const entries = new Map<string, El>();
  const successors = new Set<string>();
  for (const [id, t] of theirs.units) {
    if (t.el.$type !== 'bpmn:SequenceFlow') continue;
    const [source, target] = ends(t.el);
    if (target && back.has(target) && source && !back.has(source))
      entries.set(`${source} ${condition(t.el)}`, ours.units.get(id)?.el ?? t.el);
    if (source && back.has(source) && target && !back.has(target)) successors.add(target);
    const [o, b] = [ours.units.get(id), base.units.get(id)];
    if (!o || !b) continue;
    let rerouted = false;
    for (const key of ['sourceRef', 'targetRef']) {
      const end = t.el[key]?.id as string | undefined;
      if (!end || !back.has(end) || o.el[key]?.id === end || b.el[key]?.id !== end) continue;
      setProperty(o.el, t.el, key);
      rerouted = true;
    }
    if (rerouted) {
      refresh(o);
      relocated.add(id);
    }
  }
  for (const [id, o] of [...ours.units]) {
    if (o.el.$type !== 'bpmn:SequenceFlow' || base.units.has(id) || theirs.units.has(id)) continue;
    const [source, target] = ends(o.el);
    const entry = entries.get(`${source} ${condition(o.el)}`);
    if (!source || !target || !entry || !successors.has(target)) continue;
    const from = ours.units.get(source);
    if (from?.el.default?.id === id) {
      from.el.set('default', entry);
      refresh(from);
    }
    remove(ours, id);
  }
}
