// The test panel's typed fields → the variables the table's input expressions read. An input
// column whose expression is a variable name or path (`category`, `case.category`) is asked for;
// one that computes something (`amount * 2`) cannot be typed in directly and is left out.
import type { Locale, T } from '../app/i18n/index.js';
import type { TableModel } from './decision-table.js';
import { editableText, parseTemporal, type TemporalKind, temporalKind } from './temporal-cells.js';

export type FieldKind = 'text' | 'number' | 'boolean' | 'date';

export interface TrialField {
  column: number;
  label: string;
  path: string[];
  kind: FieldKind;
  /** A date-time, time or duration column: typed in words (「3天4小时」), sent as the ISO text the engine reads. */
  temporal?: TemporalKind;
}

const PATH = /^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*(\.[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)*$/;

export function trialFields(model: Pick<TableModel, 'inputs' | 'inputExpressions' | 'inputTypes'>): TrialField[] {
  const fields: TrialField[] = [];
  model.inputExpressions.forEach((expression, column) => {
    const e = expression.trim();
    if (!PATH.test(e)) return;
    fields.push({
      column,
      label: model.inputs[column] || e,
      path: e.split('.'),
      kind: kindOf(model.inputTypes[column] ?? ''),
      ...temporalOf(model.inputTypes[column]),
    });
  });
  return fields;
}

function temporalOf(typeRef: string | undefined): { temporal?: TemporalKind } {
  const temporal = temporalKind(typeRef);
  // A date has the browser's date picker, which gives ISO already.
  return temporal && temporal !== 'date' ? { temporal } : {};
}

function kindOf(typeRef: string): FieldKind {
  const t = typeRef.toLowerCase();
  if (['number', 'integer', 'long', 'double'].includes(t)) return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  return 'text';
}

/** The variables for the typed values: '' is null, numbers and yes/no become their types. */
export function trialVariables(fields: TrialField[], values: Record<number, string>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = (values[f.column] ?? '').trim();
    const value =
      raw === ''
        ? null
        : f.kind === 'number'
          ? Number(raw)
          : f.kind === 'boolean'
            ? raw === 'true'
            : f.temporal
              ? (parseTemporal(raw, f.temporal) ?? raw)
              : raw;
    let into = variables;
    f.path.slice(0, -1).forEach((key) => {
      const next = (into[key] as Record<string, unknown> | undefined) ?? {};
      into[key] = next;
      into = next;
    });
    into[f.path[f.path.length - 1]!] = value;
  }
  return variables;
}

/** The table's answer as `[column label, value]` pairs, one list per result (COLLECT answers several). */
export function resultRows(
  model: Pick<TableModel, 'outputs' | 'outputNames'>,
  result: unknown,
): Array<Array<[string, unknown]>> {
  const one = (r: unknown): Array<[string, unknown]> => {
    if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
      return Object.entries(r as Record<string, unknown>).map(([name, v]) => {
        const i = model.outputNames.indexOf(name);
        return [i >= 0 ? model.outputs[i] || name : name, v];
      });
    }
    return [[model.outputs[0] ?? '', r]];
  };
  return Array.isArray(result) ? result.map(one) : [one(result)];
}

/**
 * The typed values for a case's variables (the inverse of `trialVariables`): a duration, date-time or time in the
 * words the field takes (`P3D` → 「3天」); what is not set, or is a list or a record a field cannot hold, stays empty.
 */
export function trialValues(
  fields: TrialField[],
  variables: Record<string, unknown>,
  t: T,
  locale: Locale,
): Record<number, string> {
  const values: Record<number, string> = {};
  for (const f of fields) {
    let v: unknown = variables;
    for (const key of f.path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    if (typeof v === 'string') values[f.column] = f.temporal ? editableText(v, f.temporal, t, locale) : v;
    else if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) values[f.column] = String(v);
  }
  return values;
}
