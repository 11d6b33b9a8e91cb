import { useId, useState } from 'react';
import { useApp } from '../app/AppContext.js';
import { TABLE_KEY } from './new-table.js';

/** 新建规则表: a name in Chinese and the key processes call it by. */
export function NewTableForm({
  taken,
  onCreate,
  onCancel,
}: {
  taken: string[];
  onCreate(key: string, name: string): void;
  onCancel(): void;
}) {
  const { t } = useApp();
  const id = useId();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const keyProblem =
    key === ''
      ? null
      : !TABLE_KEY.test(key)
        ? t('newTableKeyInvalid')
        : taken.includes(key)
          ? t('newTableKeyTaken')
          : null;
  return (
    <form
      className="new-table"
      aria-label={t('newTable')}
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && key && !keyProblem) onCreate(key, name.trim());
      }}
    >
      <label htmlFor={`${id}-name`}>{t('newTableName')}</label>
      <input id={`${id}-name`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={`${id}-key`}>{t('newTableKey')}</label>
      <input
        id={`${id}-key`}
        value={key}
        maxLength={64}
        aria-invalid={!!keyProblem}
        onChange={(e) => setKey(e.target.value.trim())}
      />
      {keyProblem ? <p role="alert">{keyProblem}</p> : <p className="muted">{t('newTableKeyHint')}</p>}
      <div className="sidebar-actions">
        <button type="submit" className="primary" disabled={!name.trim() || !key || !!keyProblem}>
          {t('newTableCreate')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
