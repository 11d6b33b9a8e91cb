import { useState, type FormEvent } from 'react';
import { ApiError } from '../app/api/index.js';
import type { T } from '../app/i18n/index.js';
import type { Locale } from '../app/i18n/index.js';
import { changePassword } from './admin-api.js';
import { PasswordField, passwordAcceptable } from './PasswordField.js';

/** After an administrator's reset (or when the user wants to): the current password and a new one, twice. */
export function PasswordChange({
  t,
  locale,
  username,
  password,
  onChanged,
}: {
  t: T;
  locale: Locale;
  username: string;
  password: string;
  onChanged(token: string): void;
}) {
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== again) return setError(t('passwordsDiffer'));
    if (!(await passwordAcceptable(next, [username]))) return setError(t('passwordNotAcceptable'));
    setBusy(true);
    try {
      onChanged(await changePassword(username, password, next, locale));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('requestFailed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login" onSubmit={(e) => void submit(e)}>
      <h2>{t('changePasswordTitle')}</h2>
      <p className="muted">{t('changePasswordDue')}</p>
      <PasswordField
        label={t('newPassword')}
        name="newPassword"
        value={next}
        onChange={setNext}
        locale={locale}
        userInputs={[username]}
      />
      <label>
        {t('newPasswordAgain')}
        <input
          name="newPasswordAgain"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          required
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('changePasswordButton')}
      </button>
    </form>
  );
}
