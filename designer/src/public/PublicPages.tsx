import { Suspense, useMemo } from 'react';
import { AppContext, type AppContextValue } from '../app/AppContext.js';
import type { Locale, T } from '../app/i18n/index.js';
import type { PublicRoute } from '../app/route.js';
import { FollowPage } from './FollowPage.js';
// With the first script, not a chunk of its own: one round trip less before the form shows.
import { PublicIntakePage } from './PublicIntakePage.js';

/**
 * The pages used without an account (the appeal form, 一企一码, the tracking page) with their top
 * bar: drawn by the public entry (main.tsx, Preact) and by the staff app when its address turns to one.
 */
export function PublicPages(props: { route: PublicRoute; locale: Locale; t: T; onSwitchLocale(): void }) {
  const { route, locale, t } = props;
  // Nothing to sign out of.
  const visitor = useMemo<AppContextValue>(() => ({ locale, t, api: null, signOut: () => undefined }), [locale, t]);
  return (
    <AppContext.Provider value={visitor}>
      <div className="app">
        <header className="topbar">
          <h1>{t('appTitle')}</h1>
          <span className="spacer" />
          <button type="button" className="link" onClick={props.onSwitchLocale}>
            {t('language')}
          </button>
        </header>
        <Suspense fallback={<p className="muted loading">…</p>}>
          {route.page === 'intake' ? (
            <PublicIntakePage tenant={route.tenant} enterprise={route.enterprise} />
          ) : (
            <FollowPage initialNo={route.no} />
          )}
        </Suspense>
      </div>
    </AppContext.Provider>
  );
}
