import type { T } from '../app/i18n/index.js';
import { splitWarning, WARNING_UNITS, type WarningUnit } from './policy-fields.js';

const LIMITS: Record<Exclude<WarningUnit, ''>, number> = { workDay: 30, workHour: 99, '%': 99 };

/**
 * 预警: when a task turns yellow — a number with 个工作日 / 个工作小时 (left) or % (of the time
 * limit used), or the system's default rule. The value is the text a step's `warning` takes.
 */
export function WarningInput({
  t,
  label,
  value,
  onChange,
}: {
  t: T;
  label: string;
  value: unknown;
  onChange(v: string | null): void;
}) {
  const [n, unit] = splitWarning(value);
  const text = (amount: number, u: WarningUnit) => {
    if (u === '') return null;
    const bounded = Math.max(1, Math.min(LIMITS[u], Math.round(amount) || 1));
    return u === '%' ? `${bounded}%` : `${bounded} ${u}`;
  };
  return (
    <span>
      {unit !== '' && (
        <>
          <input
            type="number"
            aria-label={label}
            min={1}
            max={LIMITS[unit]}
            value={n}
            onChange={(e) => onChange(text(Number(e.target.value), unit))}
          />{' '}
        </>
      )}
      <select
        aria-label={t('policyWarningUnit')}
        value={unit}
        onChange={(e) => {
          const next = e.target.value as WarningUnit;
          onChange(text(next === '%' ? 80 : next === unit ? n : 1, next));
        }}
      >
        {WARNING_UNITS.map(([id, key]) => (
          <option key={id} value={id}>
            {t(key)}
          </option>
        ))}
      </select>
    </span>
  );
}
