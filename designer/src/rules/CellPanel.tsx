import { useId } from 'react';
import type { Group } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { CellBuilder } from './CellBuilder.js';
import { isDepartmentColumn, quoted, quotedValue } from './columns.js';
import { cellProblem, type CellIssue, type TableModel } from './decision-table.js';
import type { SelectedCell } from './DmnTableEditor.js';
import { TemporalBuilder } from './TemporalBuilder.js';
import { temporalKind } from './temporal-cells.js';
import { isWorkDurationColumn } from './work-duration-cells.js';
import { WorkDurationPicker } from './WorkDurationPicker.js';

interface Props {
  cell: SelectedCell;
  model: TableModel;
  /** The departments a rule may send cases to (the tenant's assignable groups). */
  groups: Group[];
  /** Choices the tenant's forms list, by the variable an input column reads (`category` → 诉求类别's values). */
  choices: Record<string, string[]>;
  onChange(text: string): void;
}

/**
 * The cell selected in the table, beside it: its text checked as typed, the condition builder for
 * a condition, a date or duration in words (TemporalBuilder), and pickers that write quoted values — the departments by name for a department
 * column, the form's choices for a column reading a form field.
 */
export function CellPanel({ cell, model, groups, choices, onChange }: Props) {
  const { t, locale } = useApp();
  const id = useId();
  const input = cell.kind === 'input';
  const column = (input ? model.inputs : model.outputs)[cell.column] ?? '';
  const typeRef = (input ? model.inputTypes : model.outputTypes)[cell.column] ?? '';
  const where = t('rb_where', { row: cell.row, column });
  const issue = cellProblem(cell.kind, cell.text, typeRef);
  const options = input ? choices[(model.inputExpressions[cell.column] ?? '').trim()] : undefined;
  const department = !input && isDepartmentColumn(model, cell.column);
  const current = quotedValue(cell.text);
  const temporal = temporalKind(typeRef);
  const timeLimit = !input && !department && isWorkDurationColumn(model, cell.column);
  return (
    <section className="cell-panel" aria-label={t('cellPanel')}>
      <label htmlFor={`${id}-text`}>{where}</label>
      <input
        id={`${id}-text`}
        aria-label={`${column} ${cell.row}`}
        value={cell.text}
        aria-invalid={!!issue}
        onChange={(e) => onChange(e.target.value)}
      />
      {department && (
        <select
          aria-label={t('pickDepartment', { where })}
          value={current !== null && groups.some((g) => g.id === current) ? current : ''}
          onChange={(e) => e.target.value && onChange(quoted(e.target.value))}
        >
          <option value="">{t('pickDepartmentNone')}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      )}
      {options && (
        <select
          aria-label={t('pickChoice', { where })}
          value={current !== null && options.includes(current) ? current : ''}
          onChange={(e) => onChange(e.target.value ? quoted(e.target.value) : '-')}
        >
          <option value="">{t('rb_any')}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
      {timeLimit && <WorkDurationPicker key={cell.id} value={cell.text} where={where} onChange={onChange} />}
      {temporal ? (
        <TemporalBuilder
          key={cell.id}
          value={cell.text}
          kind={temporal}
          input={input}
          where={where}
          onChange={onChange}
        />
      ) : (
        input && <CellBuilder value={cell.text} typeRef={typeRef} where={where} onChange={onChange} />
      )}
      {department && current !== null && !groups.some((g) => g.id === current) && groups.length > 0 && (
        <p className="warning">{t('departmentUnknown', { id: current })}</p>
      )}
      {issue && (
        // The FEEL parser's own words (English) only as the English UI's tooltip.
        <p role="alert" className="invalid" title={'syntax' in issue && locale === 'en' ? issue.syntax : undefined}>
          {issueText(issue, t, timeLimit)}
        </p>
      )}
      {issue && 'syntax' in issue && issue.syntax === 'empty' && (
        <button type="button" onClick={() => onChange('null')}>
          {t('cellSetEmpty')}
        </button>
      )}
    </section>
  );
}

const TYPE_WORDS: Record<string, MessageKey> = {
  string: 'type_string',
  number: 'type_number',
  boolean: 'type_boolean',
  date: 'type_date',
};

/** A cell's issue in the user's language; a broken time limit points at its picker. */
export function issueText(
  issue: CellIssue,
  t: (key: MessageKey, args?: Record<string, string | number>) => string,
  timeLimit = false,
) {
  if ('syntax' in issue && issue.syntax !== 'empty' && timeLimit) return t('rb_limitSyntax');
  if ('syntax' in issue)
    return t(issue.syntax === 'empty' ? 'cellEmpty' : issue.kind === 'input' ? 'cellSyntax' : 'cellSyntaxOutput');
  const type = TYPE_WORDS[issue.declared];
  return t('cellWrongType', { part: issue.part, type: type ? t(type) : issue.declared });
}
