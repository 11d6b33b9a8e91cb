import { useState, type FormEvent } from 'react';
import { workDurationError } from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';

/** 延期申请: the handler asks for more working time, with a reason; a supervisor decides. */
export function ExtensionRequest({ busy, onSend }: { busy: boolean; onSend(reason: string, extendBy: string): void }) {
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [extendBy, setExtendBy] = useState('2 workDay');
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('requestExtension')}
      </button>
    );
  }
  const durationBad = workDurationError(extendBy) !== null;
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
      <label>
        {t('extendBy')}
        <input
          name="extendBy"
          value={extendBy}
          onChange={(e) => setExtendBy(e.target.value)}
          aria-invalid={durationBad}
        />
      </label>
      <button type="submit" disabled={busy || durationBad}>
        {t('requestExtension')}
      </button>
    </form>
  );
}
