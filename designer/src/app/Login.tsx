import { lazy, Suspense, useState, type FormEvent } from 'react';
import { Api, ApiError } from './api/index.js';
import { useApp } from './AppContext.js';
import type { T } from './i18n/index.js';

// The password policy (with its dictionary of common passwords) loads only when a change is due.
const PasswordChange = lazy(() => import('../admin/PasswordChange.js').then((m) => ({ default: m.PasswordChange })));

export function Login({ onSignedIn }: { onSignedIn(token: string): void }) {
  const { t, locale } = useApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [changeDue, setChangeDue] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await Api.login(username, password));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PASSWORD_CHANGE_REQUIRED') setChangeDue(true);
      else setError(loginError(t, err));
    } finally {
      setBusy(false);
    }
  };

  if (changeDue) {
    return (
      <Suspense fallback={<p className="muted loading">…</p>}>
        <PasswordChange t={t} locale={locale} username={username} password={password} onChanged={onSignedIn} />
      </Suspense>
    );
  }
  return (
    <form className="login" onSubmit={submit}>
      <h2>{t('loginTitle')}</h2>
      <label>
        {t('username')}
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        {t('password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('loginButton')}
      </button>
    </form>
  );
}

function loginError(t: T, err: unknown): string {
  if (!(err instanceof ApiError)) return t('requestFailed', { message: (err as Error).message });
  if (err.status === 401) return t('loginFailed');
  if (err.code === 'LOGIN_THROTTLED')
    return t('loginThrottled', { seconds: /(\d+) seconds/.exec(err.message)?.[1] ?? '60' });
  if (err.code === 'ACCOUNT_DISABLED') return t('accountDisabled');
  return t('requestFailed', { message: err.message });
}
