// A form's field keys are its data's names: one key, one field. JSON and JavaScript objects let a
// second definition silently replace the first, so the compiler looks for both ways that happens.

type Schema = Record<string, unknown>;

/** Keys written twice in one object of a JSON text (`"phone"` twice in `properties`): JSON.parse keeps only the last. */
export function duplicateJsonKeys(text: string): string[] {
  const found = new Set<string>();
  const stack: Array<Set<string> | null> = []; // a key set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = decodeJsonString(text.slice(i, end + 1));
        if (keys.has(key)) found.add(key);
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return [...found];
}

function decodeJsonString(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal;
  }
}

/**
 * Keys one object level defines as two different fields: in `properties` and again in a conditional branch
 * (`then`, `allOf` …) with another title or type. Filled in, both would write the same value.
 */
export function conflictingFieldKeys(schema: Schema, path: string[] = []): Array<{ key: string; titles: string[] }> {
  const definitions = new Map<string, Schema[]>();
  collect(schema, definitions, 0);
  const here = [...definitions].flatMap(([key, defs]) => {
    const kinds = new Set(defs.map((d) => JSON.stringify([d.title ?? null, d.type ?? null])));
    return kinds.size > 1
      ? [{ key: [...path, key].join('.'), titles: [...new Set(defs.map((d) => String(d.title ?? key)))] }]
      : [];
  });
  const nested = [...definitions].flatMap(([key, defs]) =>
    defs.flatMap((d) => {
      const inner = isObject(d.items) ? d.items : d;
      return isObject(inner.properties) || inner.allOf || inner.then ? conflictingFieldKeys(inner, [...path, key]) : [];
    }),
  );
  return [...here, ...nested];
}

function collect(node: Schema, into: Map<string, Schema[]>, depth: number): void {
  if (depth > 16) return;
  if (isObject(node.properties)) {
    for (const [key, value] of Object.entries(node.properties))
      if (isObject(value)) into.set(key, [...(into.get(key) ?? []), value]);
  }
  const one = (v: unknown) => (isObject(v) ? [v] : []);
  const many = (v: unknown) => (Array.isArray(v) ? v.filter(isObject) : []);
  const map = (v: unknown) => (isObject(v) ? Object.values(v).filter(isObject) : []);
  for (const branch of [
    ...one(node.then),
    ...one(node.else),
    ...many(node.allOf),
    ...many(node.anyOf),
    ...many(node.oneOf),
    ...map(node.dependentSchemas),
  ]) {
    collect(branch, into, depth + 1);
  }
}

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
