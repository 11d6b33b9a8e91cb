import { useState } from 'react';
import { useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import {
  readWorkDuration,
  WORK_DURATION_UNITS,
  type WorkDurationUnit,
  writeWorkDuration,
} from './work-duration-cells.js';

const UNIT_NAMES: Record<WorkDurationUnit, MessageKey> = {
  workDay: 'rb_unitWorkDay',
  calendarDay: 'rb_unitCalendarDay',
  workHour: 'rb_unitWorkHour',
  hour: 'rb_unitHour',
  minute: 'rb_unitMinute',
};

interface Props {
  /** The cell's FEEL (`"5 workDay"`). */
  value: string;
  /** Names the controls: "第 4 条规则的办理时限". */
  where: string;
  onChange(text: string): void;
}

/** A time limit beside the table: how many, and of what (工作日 by default); the cell gets `"5 workDay"`. */
export function WorkDurationPicker({ value, where, onChange }: Props) {
  const { t } = useApp();
  const stored = readWorkDuration(value);
  const [amount, setAmount] = useState(stored ? String(stored.amount) : '');
  const [unit, setUnit] = useState<WorkDurationUnit>(stored?.unit ?? 'workDay');
  if (stored && (String(stored.amount) !== amount || stored.unit !== unit)) {
    // The cell changed elsewhere (typed in the table, undone): show what it holds now.
    setAmount(String(stored.amount));
    setUnit(stored.unit);
  }
  const write = (nextAmount: string, nextUnit: WorkDurationUnit) => {
    setAmount(nextAmount);
    setUnit(nextUnit);
    const text = nextAmount.trim() === '' ? null : writeWorkDuration(Number(nextAmount), nextUnit);
    if (text) onChange(text);
  };
  const invalid = amount.trim() !== '' && writeWorkDuration(Number(amount), unit) === null;
  return (
    <span className="cell-build work-duration">
      <input
        type="number"
        min={0}
        step={1}
        aria-label={t('rb_limitAmount', { where })}
        value={amount}
        aria-invalid={invalid}
        onChange={(e) => write(e.target.value, unit)}
      />
      <select
        aria-label={t('rb_limitUnit', { where })}
        value={unit}
        onChange={(e) => write(amount, e.target.value as WorkDurationUnit)}
      >
        {WORK_DURATION_UNITS.map((u) => (
          <option key={u} value={u}>
            {t(UNIT_NAMES[u])}
          </option>
        ))}
      </select>
      {invalid && <span className="invalid">{t('rb_limitInvalid')}</span>}
    </span>
  );
}
