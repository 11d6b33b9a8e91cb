// Three-way rebase of a township's copy of a form onto the city's newer version, field by field.
//
// A form is JSON (JSON Schema and uiSchema); it is merged as JSON: a value only the city changed is
// taken, one only the township changed is kept, objects both changed are merged key by key, lists of
// plain values (`required`, choices) as sets. Where both changed the same value differently, the
// conflict belongs to the field it sits in (its schema under `properties`, its uiSchema entry) — or to
// the form itself (name, conditions) — and the field takes the township's side unless the city's is chosen.
import type { MergeChange, MergeConflict, Side } from './bpmn-rebase.js';

type Json = unknown;
type Obj = Record<string, Json>;

export interface FormRebaseInput<F> {
  base: F;
  ours: F;
  theirs: F;
  /** Per conflicting field path (or `$form/<key>` for the form's own settings), which side wins. */
  resolutions?: Record<string, Side>;
}

export interface FormRebaseResult<F> {
  form: F;
  /** The city's changes taken into the copy, per field (`type` is `field`, or `form` for the form's own settings). */
  applied: MergeChange[];
  conflicts: MergeConflict[];
}

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalarList = (v: Json): v is Array<string | number | boolean | null> =>
  Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object');
const equal = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

interface Where {
  /** A field's path (`address.city`), or `$form/<key>` for the form's own settings. */
  unit: string;
  /** The property of the field (title, minLength, ui:widget …); undefined for the field as a whole. */
  property: string | undefined;
}

/** Which field (or form setting) a JSON path belongs to, and which of its properties. */
function locate(path: string[]): Where {
  const fields: string[] = [];
  let i = 1;
  if (path[0] === 'schema') {
    for (;;) {
      if (path[i] === 'properties' && i + 1 < path.length) {
        fields.push(path[i + 1]!);
        i += 2;
      } else if (path[i] === 'items' && path[i + 1] === 'properties' && fields.length > 0) i += 1;
      else break;
    }
  } else if (path[0] === 'uiSchema') {
    while (i < path.length && !path[i]!.startsWith('ui:')) {
      if (path[i] !== 'items' || fields.length === 0) fields.push(path[i]!);
      i += 1;
    }
  }
  if (fields.length === 0) return { unit: `$form/${path.slice(0, 2).join('.')}`, property: undefined };
  return { unit: fields.join('.'), property: path[i] };
}

/** The field's schema at a field path in a form (for its label, and whether it exists). */
function fieldSchema(form: Json, unit: string): Obj | undefined {
  let at: Json = isObj(form) ? form.schema : undefined;
  for (const key of unit.split('.')) {
    if (!isObj(at)) return undefined;
    const holder: Json = isObj(at.properties) ? at : isObj(at.items) ? at.items : undefined;
    at = isObj(holder) && isObj(holder.properties) ? holder.properties[key] : undefined;
  }
  return isObj(at) ? at : undefined;
}

/** Applies the city's changes (base → theirs) to the township's copy of a form where they do not conflict. */
export function rebaseForm<F extends object>(input: FormRebaseInput<F>): FormRebaseResult<F> {
  const strip = (f: F) => {
    const { basedOn: _, ...rest } = f as Obj;
    return rest;
  };
  const [base, ours, theirs] = [strip(input.base), strip(input.ours), strip(input.theirs)];
  const resolutions = input.resolutions ?? {};
  const taken = new Map<string, Set<string>>();
  const clashes = new Map<string, { properties: Set<string>; whole: boolean }>();
  const note = (into: Map<string, Set<string>>, path: string[]) => {
    const { unit, property } = locate(path);
    const set = into.get(unit) ?? new Set<string>();
    if (property) set.add(property);
    into.set(unit, set);
  };

  /** A change of a `required` list is a change of each field it names. */
  const noteRequired = (b: Json[], t: Json[], path: string[]) => {
    for (const x of [...b.filter((x) => !t.includes(x)), ...t.filter((x) => !b.includes(x))])
      if (typeof x === 'string') note(taken, [...path.slice(0, -1), 'properties', x, 'required']);
  };

  const merge = (b: Json, o: Json, t: Json, path: string[]): Json => {
    if (equal(o, t) || equal(b, t)) return o;
    if (equal(b, o)) {
      if (path.at(-1) === 'required' && isScalarList(t) && (b === undefined || isScalarList(b)))
        noteRequired(b ?? [], t, path);
      else note(taken, path);
      return t;
    }
    if (isObj(o) && isObj(t) && (b === undefined || isObj(b))) {
      const bb = (b ?? {}) as Obj;
      const out: Obj = {};
      // The copy's order, with the city's new keys after the key they follow in the city's version.
      const keys = Object.keys(o);
      const theirsKeys = Object.keys(t);
      theirsKeys.forEach((k, i) => {
        if (keys.includes(k) || k in bb) return;
        const after = theirsKeys
          .slice(0, i)
          .reverse()
          .find((p) => keys.includes(p));
        keys.splice(after === undefined ? 0 : keys.indexOf(after) + 1, 0, k);
      });
      for (const k of [...keys, ...Object.keys(bb).filter((k) => !keys.includes(k))]) {
        const v = merge(bb[k], o[k], t[k], [...path, k]);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    if (isScalarList(o) && isScalarList(t) && (b === undefined || isScalarList(b))) {
      const bb = b ?? [];
      const dropped = bb.filter((x) => !t.includes(x));
      const added = t.filter((x) => !bb.includes(x) && !o.includes(x));
      if (path.at(-1) === 'required') noteRequired(bb, t, path);
      else note(taken, path);
      return [...o.filter((x) => !dropped.includes(x)), ...added];
    }
    const { unit, property } = locate(path);
    const clash = clashes.get(unit) ?? { properties: new Set<string>(), whole: false };
    if (property) clash.properties.add(property);
    else clash.whole = true;
    clashes.set(unit, clash);
    return resolutions[unit] === 'theirs' ? t : o;
  };

  const merged = merge(base, ours, theirs, []) as Obj;
  const labelOf = (unit: string) => {
    if (unit.startsWith('$form/')) return '';
    for (const f of [merged, theirs, base]) {
      const s = fieldSchema(f, unit);
      if (s) return typeof s.title === 'string' && s.title ? s.title : unit;
    }
    return unit;
  };
  const typeOf = (unit: string) => (unit.startsWith('$form/') ? 'form' : 'field');
  const applied: MergeChange[] = [...taken].map(([unit, properties]) => {
    const was = fieldSchema(base, unit);
    const now = fieldSchema(theirs, unit);
    const kind =
      typeOf(unit) === 'field' && !was && now
        ? 'added'
        : typeOf(unit) === 'field' && was && !now
          ? 'removed'
          : 'changed';
    return {
      id: unit,
      kind,
      name: labelOf(unit),
      type: typeOf(unit),
      properties: kind === 'changed' ? [...properties] : [],
    };
  });
  const conflicts: MergeConflict[] = [...clashes].map(([unit, clash]) => {
    const inBase = fieldSchema(base, unit) !== undefined;
    const kind =
      typeOf(unit) === 'form'
        ? 'changed'
        : !fieldSchema(ours, unit)
          ? 'removed-here'
          : !fieldSchema(theirs, unit)
            ? 'removed-upstream'
            : inBase
              ? 'changed'
              : 'added-both';
    return {
      id: unit,
      kind,
      name: labelOf(unit),
      type: typeOf(unit),
      properties: [...clash.properties],
      resolution: resolutions[unit] === 'theirs' ? 'theirs' : 'ours',
    };
  });
  return { form: merged as F, applied, conflicts };
}
