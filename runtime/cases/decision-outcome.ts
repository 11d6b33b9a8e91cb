import type { DecisionTable } from '../../definitions/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import type { Deps } from '../platform/http/deps.js';
import type { HistoryEvent } from '../store/history.js';
import { arrayOf, objectOf, stringType } from '../platform/http/schemas.js';

/** One column of what a decision step decided: the table's output label and its value (a department by its name). */
export interface OutcomeColumn {
  label: string;
  value: unknown;
}

export const OUTCOME_SCHEMA = arrayOf(objectOf({ label: stringType, value: {} }));

/**
 * What each decision step of a case decided (the 派单目录's 承办部门, 办理时限 …), by the columns of the
 * table version the case pinned, for the 办理记录: staff read the table's labels, never its output names,
 * and a department the table names by its id reads as the department's name. A table the case no longer
 * finds leaves the event as it was.
 */
export async function decisionOutcomes(
  deps: Deps,
  instance: InstanceRow,
  events: HistoryEvent[],
): Promise<(event: HistoryEvent) => OutcomeColumn[] | undefined> {
  const decided = events.filter((e) => e.type === 'decisionEvaluated' && isDecided(e.data));
  if (decided.length === 0) return () => undefined;
  const pinned = await deps.definitions.pins.read(deps.db.knex, instance.pinned);
  const tables = new Map<string, DecisionTable>();
  for (const e of decided) {
    const key = (e.data as Decided).decisionId;
    const id = pinned.decisions[key];
    if (!id || tables.has(key)) continue;
    const table = await deps.definitions.decision(deps.db.knex, id).catch(() => null);
    if (table) tables.set(key, table);
  }
  const columns = new Map<HistoryEvent, OutcomeColumn[]>();
  for (const e of decided) {
    const { decisionId, result } = e.data as Decided;
    const table = tables.get(decisionId);
    if (table) columns.set(e, outcomeOf(table, result));
  }
  const ids = [...new Set([...columns.values()].flat().flatMap((c) => texts(c.value)))];
  const groups = new Map(
    ids.length
      ? (
          (await deps.db.knex('groups').whereIn('id', ids).select('id', 'name')) as Array<{ id: string; name: string }>
        ).map((g) => [g.id, g.name])
      : [],
  );
  const named = (v: unknown): unknown =>
    typeof v === 'string' ? (groups.get(v) ?? v) : Array.isArray(v) ? v.map(named) : v;
  return (event) => columns.get(event)?.map((c) => ({ label: c.label, value: named(c.value) }));
}

interface Decided {
  decisionId: string;
  result: unknown;
}

function isDecided(data: unknown): data is Decided {
  return typeof data === 'object' && data !== null && typeof (data as Decided).decisionId === 'string';
}

/**
 * A result by the table's output columns: one row's values (a list per column for a table that collects
 * several rows); a single output's value as it is.
 */
export function outcomeOf(table: Pick<DecisionTable, 'outputs'>, result: unknown): OutcomeColumn[] {
  const rows = Array.isArray(result) ? result : [result];
  const single = table.outputs.length === 1;
  return table.outputs.flatMap((o) => {
    const values = rows
      .map((r) => (single && !isRecord(r) ? r : isRecord(r) ? r[o.name] : undefined))
      .filter((v) => v !== undefined && v !== null);
    if (values.length === 0) return [];
    return [{ label: o.label ?? o.name, value: Array.isArray(result) ? values : values[0] }];
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function texts(v: unknown): string[] {
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
