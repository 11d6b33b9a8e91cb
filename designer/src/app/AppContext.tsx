import { createContext, useContext } from 'react';
import type { Api } from './api/index.js';
import type { Locale, T } from './i18n/index.js';

/** What every page shares: the language and its texts, the signed-in client (none on the public pages), signing out. */
export interface AppContextValue {
  locale: Locale;
  t: T;
  api: Api | null;
  signOut(): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}

/** The client of a page shown only when signed in. */
export function useApi(): Api {
  const { api } = useApp();
  if (!api) throw new Error('useApi on a page shown without an account');
  return api;
}
