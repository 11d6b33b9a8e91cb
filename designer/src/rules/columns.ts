// Which columns of a table get pickers: an output holding a department (the group a task goes to)
// and an input reading a field that the tenant's forms list choices for (the intake's 诉求类别).
import type { TableModel } from './decision-table.js';

const DEPARTMENT_NAME =
  /^(department|dept|deptId|group|groupId|candidateGroups?|assigneeGroup|handlingDepartment|handler(Group|Department))$/i;

/** An output column that names the department a case goes to: by its name, or a label ending in 部门 / 单位 (not 部门名称). */
export function isDepartmentColumn(
  model: Pick<TableModel, 'outputs' | 'outputNames' | 'outputTypes'>,
  column: number,
): boolean {
  const type = (model.outputTypes[column] ?? '').toLowerCase();
  if (type !== '' && type !== 'string') return false;
  const name = model.outputNames[column] ?? '';
  const label = (model.outputs[column] ?? '').trim();
  return DEPARTMENT_NAME.test(name) || /(部门|单位|科室)$/.test(label);
}

/** `"dept-rs"` → `dept-rs`; anything but one plain string literal → null. */
export function quotedValue(text: string): string | null {
  const m = /^\s*"([^"\\]*)"\s*$/.exec(text);
  return m ? m[1]! : null;
}

/** A value as a FEEL string literal. */
export function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
