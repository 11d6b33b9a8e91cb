import { useState, type FormEvent } from 'react';
import { Api, ApiError } from './api/index.js';
import { useApp } from './AppContext.js';

export function Login({ onSignedIn }: { onSignedIn(token: string): void }) {
  const { t } = useApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await Api.login(username, password));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('loginFailed') : t('requestFailed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login" onSubmit={submit}>
      <h2>{t('loginTitle')}</h2>
      <label>
        {t('username')}
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
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
