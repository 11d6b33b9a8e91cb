import type { InstanceState } from '../../engine/index.js';

export interface InstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  tenant_id: string;
  business_key: string | null;
  status: string;
  state: string;
  version: number;
  pinned: string;
  parent_id: string | null;
  parent_call: number | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
}

export type { Pinned } from '../store/pin-sets.js';

/**
 * An instance's state as stored in `instances.state` (format `"f":3`): the engine's JSON without
 * what the row already says (`v`, `processId` = the row's `process_key`, `status`) or what keys
 * repeat: each scope, token and wait is a positional array (field order below, absent fields
 * `null`, trailing ones dropped, common values as one-letter codes), keyed by its id; an entry
 * with a field this codec does not know keeps its object form, so nothing is ever dropped.
 * About a third of the engine's own JSON for a typical case, so less to write on every command.
 * Rows in the earlier forms (`"f":2`, or the engine's own JSON) still read.
 */
export function serializeState(state: InstanceState): string {
  const stored: StoredState = {
    f: 3,
    n: state.next,
    s: encodeAll(state.scopes, SCOPE),
    t: encodeAll(state.tokens, TOKEN),
    w: encodeAll(state.waits, WAIT),
  };
  if (Object.keys(state.incidents).length > 0) stored.i = withoutIds(state.incidents);
  return JSON.stringify(stored);
}

export function parseState(row: Pick<InstanceRow, 'state' | 'process_key' | 'status'>): InstanceState {
  const parsed = JSON.parse(row.state) as InstanceState | StoredStateV2 | StoredState;
  if (!('f' in parsed)) return parsed;
  const head = { v: 1, processId: row.process_key, status: row.status as InstanceState['status'] } as const;
  if (parsed.f === 2) {
    return {
      ...head,
      next: parsed.next,
      scopes: withIds(parsed.scopes),
      tokens: withIds(parsed.tokens),
      waits: withIds(parsed.waits),
      incidents: withIds(parsed.incidents ?? {}),
    } as InstanceState;
  }
  return {
    ...head,
    next: parsed.n,
    scopes: decodeAll(parsed.s, SCOPE),
    tokens: decodeAll(parsed.t, TOKEN),
    waits: decodeAll(parsed.w, WAIT),
    incidents: withIds(parsed.i ?? {}),
  } as InstanceState;
}

interface StoredStateV2 {
  f: 2;
  next: number;
  scopes: Record<string, object>;
  tokens: Record<string, object>;
  waits: Record<string, object>;
  incidents?: Record<string, object>;
}

interface StoredState {
  f: 3;
  n: number;
  s: Record<string, unknown>;
  t: Record<string, unknown>;
  w: Record<string, unknown>;
  i?: Record<string, object>;
}

/** A positional layout: field order, the fields every entry has, those whose null is a real value, and value codes. */
interface Layout {
  fields: readonly string[];
  required: ReadonlySet<string>;
  nullable: ReadonlySet<string>;
  codes: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function layout(
  fields: readonly string[],
  required: readonly string[],
  nullable: readonly string[],
  codes: Layout['codes'] = {},
): Layout {
  return { fields, required: new Set(required), nullable: new Set(nullable), codes };
}

const SCOPE = layout(['parent', 'vars', 'owner', 'interrupted'], ['parent', 'vars'], ['parent']);
const TOKEN = layout(['el', 'scope', 'phase', 'via', 'child', 'local', 'inner', 'mi'], ['el', 'scope', 'phase'], [], {
  phase: { ready: 'r', waiting: 'w', joining: 'j', incident: 'i' },
});
const WAIT = layout(
  ['kind', 'role', 'el', 'token', 'scope', 'dueAt', 'repeat', 'message', 'key', 'retries'],
  ['kind', 'role', 'el', 'scope'],
  [],
  {
    kind: { task: 't', job: 'j', timer: 'i', message: 'm', call: 'c' },
    role: { self: 's', boundary: 'b', gateway: 'g', eventSubProcess: 'e' },
  },
);
const DECODE = new Map<Layout, Record<string, Record<string, string>>>(
  [SCOPE, TOKEN, WAIT].map((l) => [
    l,
    Object.fromEntries(
      Object.entries(l.codes).map(([f, m]) => [f, Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]))]),
    ),
  ]),
);

function encodeAll(map: Record<string, { id: number }>, l: Layout): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(map)) {
    if (String(entry.id) !== key) throw new Error(`state entry ${key} has id ${entry.id}`);
    out[key] = encode(entry as unknown as Record<string, unknown>, l);
  }
  return out;
}

/** The entry as an array, or (without its id) as an object when an array could not say it exactly. */
function encode(entry: Record<string, unknown>, l: Layout): unknown {
  const { id: _id, ...rest } = entry;
  const positional: unknown[] = [];
  for (const f of l.fields) {
    const v = rest[f];
    if (v === undefined) {
      if (l.required.has(f)) return rest;
      positional.push(null);
    } else if (v === null && !l.nullable.has(f)) {
      return rest;
    } else {
      const codes = l.codes[f];
      if (codes && typeof v === 'string' && v.length === 1) return rest; // would read back as a code
      positional.push(codes && typeof v === 'string' ? (codes[v] ?? v) : v);
    }
  }
  if (Object.keys(rest).some((k) => !l.fields.includes(k))) return rest;
  while (positional.length > 0 && positional.at(-1) === null && !l.nullable.has(l.fields[positional.length - 1]!))
    positional.pop();
  return positional;
}

function decodeAll(map: Record<string, unknown>, l: Layout): Record<string, never> {
  const out: Record<string, unknown> = {};
  const decode = DECODE.get(l)!;
  for (const [key, stored] of Object.entries(map)) {
    if (!Array.isArray(stored)) {
      out[key] = { id: Number(key), ...(stored as object) };
      continue;
    }
    const entry: Record<string, unknown> = { id: Number(key) };
    l.fields.forEach((f, i) => {
      const v = i < stored.length ? (stored[i] as unknown) : null;
      if (v === null && !l.nullable.has(f)) return;
      entry[f] = typeof v === 'string' ? (decode[f]?.[v] ?? v) : v;
    });
    out[key] = entry;
  }
  return out as Record<string, never>;
}

function withoutIds(map: Record<string, { id: number }>): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [key, { id, ...rest }] of Object.entries(map)) {
    if (String(id) !== key) throw new Error(`state entry ${key} has id ${id}`);
    out[key] = rest;
  }
  return out;
}

function withIds(map: Record<string, object>): Record<string, never> {
  const out: Record<string, object> = {};
  for (const [key, rest] of Object.entries(map)) out[key] = { id: Number(key), ...rest };
  return out as Record<string, never>;
}
