import { useState } from 'react';
import type { MessageKey } from '../app/i18n/index.js';
import { useApp } from '../app/AppContext.js';
import {
  operatorsFor,
  takesValue,
  type ClauseValue,
  type FieldType,
  type Operator,
} from '../shared/condition/condition-model.js';
import { fromUnaryTest, toUnaryTest, type CellTest } from '../shared/condition/unary-tests.js';

interface Props {
  /** The cell's unary tests as text. */
  value: string;
  /** The column's DMN typeRef. */
  typeRef: string;
  /** Names the controls: "第 4 条规则的诉求类别". */
  where: string;
  onChange(text: string): void;
}

function fieldType(typeRef: string): FieldType {
  const t = typeRef.toLowerCase();
  if (['number', 'integer', 'long', 'double'].includes(t)) return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  return 'text';
}

/**
 * The condition builder for one input cell of a decision table: an operator in words and a
 * value, written as the cell's unary tests; a cell saying more than that stays text.
 */
export function CellBuilder({ value, typeRef, where, onChange }: Props) {
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  // A one-item list reads back as 等于 / 不等于: keep showing 包含于 / 不包含于 once chosen.
  const [listChosen, setListChosen] = useState(false);
  const test = asChosen(fromUnaryTest(value), listChosen);
  const type = fieldType(typeRef);
  const write = (next: CellTest | null) => onChange(toUnaryTest(next));
  const label = (what: MessageKey) => t('rb_control', { what: t(what), where });
  if (!open) {
    return (
      <button type="button" className="link cell-build" aria-label={label('rb_build')} onClick={() => setOpen(true)}>
        ⚙
      </button>
    );
  }
  if (test === undefined) {
    return <span className="muted cell-build">{t('rb_tooComplex')}</span>;
  }
  const op: Operator | 'any' = test?.op ?? 'any';
  const pickOp = (next: string) => {
    if (next === 'any') return write(null);
    const o = next as Operator;
    setListChosen(o === 'in' || o === 'notIn');
    write({ op: o, value: defaultValue(type, o, test?.value ?? null) });
  };
  const setValue = (v: ClauseValue) => test && write({ op: test.op, value: v });
  return (
    <span className="cell-build">
      <select aria-label={label('rb_operator')} value={op} onChange={(e) => pickOp(e.target.value)}>
        <option value="any">{t('rb_any')}</option>
        {operatorsFor(type).map((o) => (
          <option key={o} value={o}>
            {t(`pp_op_${o}` as MessageKey)}
          </option>
        ))}
      </select>
      {test && takesValue(test.op) && (
        <ValueControl label={label('rb_value')} test={test} type={type} onChange={setValue} />
      )}
    </span>
  );
}

function asChosen(test: CellTest | null | undefined, listChosen: boolean): CellTest | null | undefined {
  if (!listChosen || !test || Array.isArray(test.value) || typeof test.value !== 'string') return test;
  if (test.op === 'eq') return { op: 'in', value: [test.value] };
  if (test.op === 'ne') return { op: 'notIn', value: [test.value] };
  return test;
}

function defaultValue(type: FieldType, op: Operator, previous: ClauseValue): ClauseValue {
  if (!takesValue(op)) return null;
  if (op === 'in' || op === 'notIn')
    return Array.isArray(previous) ? previous : typeof previous === 'string' && previous ? [previous] : [''];
  if (type === 'boolean') return typeof previous === 'boolean' ? previous : true;
  if (type === 'number') return typeof previous === 'number' ? previous : 0;
  if (Array.isArray(previous)) return previous[0] ?? '';
  return typeof previous === 'string' ? previous : '';
}

function ValueControl({
  label,
  test,
  type,
  onChange,
}: {
  label: string;
  test: CellTest;
  type: FieldType;
  onChange(v: ClauseValue): void;
}) {
  const { t } = useApp();
  if (test.op === 'in' || test.op === 'notIn') {
    const list = Array.isArray(test.value) ? test.value : [];
    return (
      <input
        aria-label={label}
        placeholder={t('pp_listHint')}
        value={list.join('，')}
        onChange={(e) => onChange(e.target.value.split(/[,，、]/).map((s) => s.trim()))}
      />
    );
  }
  if (type === 'boolean') {
    return (
      <select
        aria-label={label}
        value={String(test.value === true)}
        onChange={(e) => onChange(e.target.value === 'true')}
      >
        <option value="true">{t('pp_yes')}</option>
        <option value="false">{t('pp_no')}</option>
      </select>
    );
  }
  if (type === 'number') {
    return (
      <input
        type="number"
        aria-label={label}
        value={typeof test.value === 'number' ? test.value : ''}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    );
  }
  return (
    <input
      type={type === 'date' ? 'date' : 'text'}
      aria-label={label}
      value={typeof test.value === 'string' ? test.value : ''}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
