import { useState, type FormEvent } from 'react';
import { workDurationError } from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';
import { WORK_UNITS, type WorkUnit } from '../shared/work-span.js';

/** 延期申请: the handler asks for more working time, with a reason; a supervisor decides. */
export function ExtensionRequest({ busy, onSend }: { busy: boolean; onSend(reason: string, extendBy: string): void }) {
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState(2);
  const [unit, setUnit] = useState<WorkUnit>('workDay');
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('requestExtension')}
      </button>
    );
  }
  const extendBy = `${amount} ${unit}`;
  const durationBad = !Number.isInteger(amount) || amount < 1 || workDurationError(extendBy) !== null;
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!durationBad) onSend(reason, extendBy);
    setOpen(false);
  };
  return (
    <form className="extension" onSubmit={send}>
      <label>
        {t('extensionReason')}
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={2} />
      </label>
      <fieldset className="extend-by">
        <legend>{t('extendBy')}</legend>
        <input
          type="number"
          name="extendBy"
          min={1}
          max={99}
          aria-label={t('extendByAmount')}
          value={amount}
          onChange={(e) => setAmount(e.target.valueAsNumber)}
          aria-invalid={durationBad}
        />
        <select aria-label={t('extendByUnit')} value={unit} onChange={(e) => setUnit(e.target.value as WorkUnit)}>
          {WORK_UNITS.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </fieldset>
      <button type="submit" disabled={busy || durationBad}>
        {t('requestExtension')}
      </button>
    </form>
  );
}
