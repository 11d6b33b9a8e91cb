import { useCallback, useMemo, useState } from 'react';
import { Api } from './api.js';
import { initialLocale, translate, type Locale, type MessageKey } from './i18n.js';
import { Login } from './Login.js';
import { Workspace } from './Workspace.js';

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const TOKEN_KEY = 'civicflow.token';

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const t: T = useCallback((key, vars) => translate(locale, key, vars), [locale]);
  const api = useMemo(() => (token ? new Api(token, () => locale) : null), [token, locale]);

  const switchLocale = () => {
    const next: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('civicflow.locale', next);
    document.documentElement.lang = next;
    setLocale(next);
  };
  const signIn = (newToken: string) => {
    sessionStorage.setItem(TOKEN_KEY, newToken);
    setToken(newToken);
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('appTitle')}</h1>
        <span className="spacer" />
        <button type="button" className="link" onClick={switchLocale}>
          {t('language')}
        </button>
        {token && (
          <button type="button" className="link" onClick={signOut}>
            {t('logout')}
          </button>
        )}
      </header>
      {api ? <Workspace api={api} t={t} locale={locale} onUnauthorized={signOut} /> : <Login t={t} onSignedIn={signIn} />}
    </div>
  );
}
