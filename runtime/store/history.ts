import type { Knex } from 'knex';

/** One event of a case's history, as the API returns it. */
export interface HistoryEvent {
  type: string;
  elementId: string | null;
  at: string;
  actor: string | null;
  data: unknown;
}

/** An event to append; `at` defaults to the write's time. */
export interface NewHistoryEvent {
  type: string;
  elementId?: string | null;
  at?: string;
  data?: unknown;
}

/**
 * A `history` row (migration 003): one per write, its events as compact tuples
 * `[type, element, data?, at?]`: frequent engine event types are stored as short codes, and the
 * element is left out (or 0 when data follows) when it is the previous event's element. The API
 * always sees full events (`expandHistory`).
 */
export interface HistoryRow {
  instance_id: string;
  at: string;
  actor: string | null;
  events: string;
}

type StoredEvent = [string, (string | null | 0)?, unknown?, string?];

const CODES: Record<string, string> = {
  instanceStarted: 'is',
  instanceCompleted: 'ic',
  instanceTerminated: 'it',
  elementActivated: 'a',
  elementCompleted: 'c',
  elementTerminated: 't',
  flowTaken: 'f',
  taskCreated: 'tc',
  taskCompleted: 'tk',
  jobCreated: 'jc',
  jobCompleted: 'jk',
  jobFailed: 'jf',
  timerFired: 'tf',
  messageSubscribed: 'ms',
  messageCorrelated: 'mc',
  variablesUpdated: 'v',
};
const TYPES = new Map(Object.entries(CODES).map(([type, code]) => [code, type]));
/** Types this short could be read as codes: they are stored behind an "=". */
const encodeType = (type: string): string =>
  Object.hasOwn(CODES, type) ? CODES[type]! : type.length <= 2 || type.startsWith('=') ? `=${type}` : type;
const decodeType = (stored: string): string => TYPES.get(stored) ?? (stored.startsWith('=') ? stored.slice(1) : stored);

/** The row for one write's events. */
export function historyRow(
  instanceId: string,
  at: string,
  actor: string | null,
  events: NewHistoryEvent[],
): HistoryRow {
  let previous: string | null | undefined;
  const stored = events.map((e, i): StoredEvent => {
    const el = e.elementId ?? null;
    const same = i > 0 && el === previous;
    previous = el;
    const data = e.data === undefined ? null : e.data;
    const tuple: StoredEvent = [encodeType(e.type)];
    if (e.at !== undefined && e.at !== at) tuple.push(same ? 0 : el, data, e.at);
    else if (data !== null) tuple.push(same ? 0 : el, data);
    else if (!same) tuple.push(el);
    return tuple;
  });
  return { instance_id: instanceId, at, actor, events: JSON.stringify(stored) };
}

/** Appends one write's events (nothing when there are none). */
export async function appendHistory(
  db: Knex,
  instanceId: string,
  at: string,
  actor: string | null,
  events: NewHistoryEvent[],
): Promise<void> {
  if (events.length > 0) await db('history').insert(historyRow(instanceId, at, actor, events));
}

/** Rows (in write order) → events in order. */
export function expandHistory(rows: Array<Pick<HistoryRow, 'at' | 'actor' | 'events'>>): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const row of rows) {
    let previous: string | null = null;
    for (const [type, el, data, at] of JSON.parse(row.events) as StoredEvent[]) {
      const elementId: string | null = el === undefined || el === 0 ? previous : el;
      previous = elementId;
      out.push({ type: decodeType(type), elementId, at: at ?? row.at, actor: row.actor, data: data ?? null });
    }
  }
  return out;
}

/** A case's whole history, in order. */
export async function readHistory(db: Knex, instanceId: string): Promise<HistoryEvent[]> {
  return expandHistory(
    await db('history').select('at', 'actor', 'events').where({ instance_id: instanceId }).orderBy('id'),
  );
}
