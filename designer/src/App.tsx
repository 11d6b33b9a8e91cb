import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Api, ApiError, type Me } from './api.js';
import { initialLocale, translate, type Locale, type MessageKey } from './i18n.js';
import { CalendarBanner } from './calendar/CalendarBanner.js';
import { Inbox } from './inbox/Inbox.js';
import { Login } from './Login.js';
import { FollowPage } from './public/FollowPage.js';
import { PublicIntakePage } from './public/PublicIntakePage.js';
import { useRoute } from './route.js';

// The designers and the dashboard load when first opened: the public pages (phones) and the inbox
// need neither bpmn-js nor ECharts.
const CalendarPage = lazy(() => import('./calendar/CalendarPage.js').then((m) => ({ default: m.CalendarPage })));
const Dashboard = lazy(() => import('./dashboard/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const CaseSearch = lazy(() => import('./cases/CaseSearch.js').then((m) => ({ default: m.CaseSearch })));
const CasePage = lazy(() => import('./cases/CasePage.js').then((m) => ({ default: m.CasePage })));
const Enterprises = lazy(() => import('./enterprises/Enterprises.js').then((m) => ({ default: m.Enterprises })));
const FormDesigner = lazy(() => import('./forms/FormDesigner.js').then((m) => ({ default: m.FormDesigner })));
const RulesDesigner = lazy(() => import('./rules/RulesDesigner.js').then((m) => ({ default: m.RulesDesigner })));
const Workspace = lazy(() => import('./Workspace.js').then((m) => ({ default: m.Workspace })));

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const TOKEN_KEY = 'civicflow.token';
type Tab = 'inbox' | 'cases' | 'designer' | 'forms' | 'rules' | 'dashboard' | 'enterprises' | 'calendar';

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [me, setMe] = useState<Me | null>(null);
  const [tab, setTab] = useState<Tab | null>(null);
  const route = useRoute();
  const t: T = useCallback((key, vars) => translate(locale, key, vars), [locale]);
  const api = useMemo(() => (token ? new Api(token, () => locale) : null), [token, locale]);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setMe(null);
    setTab(null);
  }, []);

  useEffect(() => {
    if (!api) return;
    api.me().then(setMe, (err: unknown) => err instanceof ApiError && err.status === 401 && signOut());
  }, [api, signOut]);

  const switchLocale = () => {
    const next: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('civicflow.locale', next);
    document.documentElement.lang = next;
    setLocale(next);
  };
  // A tab leaves an open case page.
  const openTab = (id: Tab) => {
    setTab(id);
    if (route.page === 'case') location.hash = '';
  };
  const signIn = (newToken: string) => {
    sessionStorage.setItem(TOKEN_KEY, newToken);
    setToken(newToken);
  };

  // Administrators design processes; everyone with tasks works from the inbox.
  const canDesign = !!me?.roles.some((r) => r === 'admin' || r === 'tenant-admin');
  const canOversee = canDesign || !!me?.roles.includes('supervisor');
  const current: Tab = tab ?? (canDesign ? 'designer' : 'inbox');
  const tabs = ([
    ['inbox', 'tabInbox', true],
    ['cases', 'tabCases', true],
    ['dashboard', 'tabDashboard', canOversee],
    ['designer', 'tabDesigner', canDesign],
    ['forms', 'tabForms', canDesign],
    ['rules', 'tabRules', canDesign],
    ['enterprises', 'tabEnterprises', canDesign],
    ['calendar', 'tabCalendar', canDesign],
  ] as Array<[Tab, MessageKey, boolean]>).filter(([, , shown]) => shown);

  if (route.page === 'intake' || route.page === 'track') {
    return (
      <div className="app">
        <header className="topbar">
          <h1>{t('appTitle')}</h1>
          <span className="spacer" />
          <button type="button" className="link" onClick={switchLocale}>
            {t('language')}
          </button>
        </header>
        {route.page === 'intake' ? <PublicIntakePage tenant={route.tenant} enterprise={route.enterprise} t={t} locale={locale} /> : <FollowPage initialNo={route.no} t={t} locale={locale} />}
      </div>
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('appTitle')}</h1>
        {me && (
          <nav className="tabs">
            {tabs.map(([id, label]) => (
              <button key={id} type="button" className={current === id && route.page === 'app' ? 'tab active' : 'tab'} onClick={() => openTab(id)}>
                {t(label)}
              </button>
            ))}
          </nav>
        )}
        <span className="spacer" />
        {me && <span className="who">{me.displayName}</span>}
        <button type="button" className="link" onClick={switchLocale}>
          {t('language')}
        </button>
        {token && (
          <button type="button" className="link" onClick={signOut}>
            {t('logout')}
          </button>
        )}
      </header>
      {!api && <Login t={t} onSignedIn={signIn} />}
      {api && me && canDesign && <CalendarBanner api={api} tenant={me.tenant} t={t} onOpen={() => openTab('calendar')} />}
      <Suspense fallback={<p className="muted loading">…</p>}>
        {api && me && route.page === 'case' && <CasePage api={api} caseId={route.id} t={t} locale={locale} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'designer' && <Workspace api={api} t={t} locale={locale} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'inbox' && <Inbox api={api} me={me} t={t} locale={locale} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'cases' && <CaseSearch api={api} t={t} locale={locale} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'dashboard' && <Dashboard api={api} t={t} locale={locale} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'enterprises' && <Enterprises api={api} t={t} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'calendar' && <CalendarPage api={api} me={me} t={t} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'forms' && <FormDesigner api={api} t={t} locale={locale} onUnauthorized={signOut} />}
        {api && me && route.page === 'app' && current === 'rules' && <RulesDesigner api={api} t={t} locale={locale} onUnauthorized={signOut} />}
      </Suspense>
    </div>
  );
}
