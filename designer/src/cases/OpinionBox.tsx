import { useState } from 'react';
import { useApp } from '../app/AppContext.js';

/** A text box for an opinion (审批意见) and its save button. */
export function OpinionBox({ busy, onSave }: { busy: boolean; onSave(body: string): void }) {
  const { t } = useApp();
  const [body, setBody] = useState('');
  return (
    <div className="opinion-box no-print">
      <label>
        {t('opinion')}
        <textarea value={body} maxLength={2000} rows={3} onChange={(e) => setBody(e.target.value)} />
      </label>
      <button
        type="button"
        disabled={busy || body.trim() === ''}
        onClick={() => {
          onSave(body.trim());
          setBody('');
        }}
      >
        {t('saveOpinion')}
      </button>
    </div>
  );
}
