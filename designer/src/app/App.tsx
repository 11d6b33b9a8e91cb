import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Api, ApiError, type Me } from './api/index.js';
import { AppContext, type AppContextValue } from './AppContext.js';
import { initialLocale, translate, type Locale, type MessageKey, type T } from './i18n/index.js';
import { CalendarBanner } from '../calendar/CalendarBanner.js';
import { Login } from './Login.js';
import { NoticeBell } from './NoticeBell.js';
import { mayLeave } from '../shared/leave-guard.js';
import { isPublicRoute } from './route.js';
import { useRoute } from './use-route.js';

// Each page loads when first opened: the login comes with the first script, the inbox next. A
// phone opening a public page gets the public entry instead (designer/src/public/main.tsx, see
// boot.ts); the staff app draws the same pages when its own address turns to one.
const PublicPages = lazy(() => import('../public/PublicPages.js').then((m) => ({ default: m.PublicPages })));
const Inbox = lazy(() => import('../inbox/Inbox.js').then((m) => ({ default: m.Inbox })));
const Admin = lazy(() => import('../admin/Admin.js').then((m) => ({ default: m.Admin })));
const CalendarPage = lazy(() => import('../calendar/CalendarPage.js').then((m) => ({ default: m.CalendarPage })));
const Dashboard = lazy(() => import('../dashboard/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const CaseSearch = lazy(() => import('../cases/CaseSearch.js').then((m) => ({ default: m.CaseSearch })));
const CasePage = lazy(() => import('../cases/CasePage.js').then((m) => ({ default: m.CasePage })));
const FrontDesk = lazy(() => import('../front-desk/FrontDesk.js').then((m) => ({ default: m.FrontDesk })));
const Incidents = lazy(() => import('../incidents/Incidents.js').then((m) => ({ default: m.Incidents })));
const Enterprises = lazy(() => import('../enterprises/Enterprises.js').then((m) => ({ default: m.Enterprises })));
const FormDesigner = lazy(() => import('../forms/FormDesigner.js').then((m) => ({ default: m.FormDesigner })));
const RulesDesigner = lazy(() => import('../rules/RulesDesigner.js').then((m) => ({ default: m.RulesDesigner })));
const LeaveProxyDialog = lazy(() =>
  import('../leave-proxy/LeaveProxyDialog.js').then((m) => ({ default: m.LeaveProxyDialog })),
);
const ProcessDesigner = lazy(() =>
  import('../process/ProcessDesigner.js').then((m) => ({ default: m.ProcessDesigner })),
);

const TOKEN_KEY = 'civicflow.token';
type Tab =
  | 'inbox'
  | 'cases'
  | 'frontDesk'
  | 'designer'
  | 'forms'
  | 'rules'
  | 'dashboard'
  | 'enterprises'
  | 'calendar'
  | 'admin'
  | 'incidents';

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [me, setMe] = useState<Me | null>(null);
  const [tab, setTab] = useState<Tab | null>(null);
  const [focus, setFocus] = useState<{ taskId: string; seq: number } | null>(null);
  const [leaveOpen, setLeaveOpen] = useState(false);
  const route = useRoute();
  const t: T = useCallback((key, vars) => translate(locale, key, vars), [locale]);
  const api = useMemo(() => (token ? new Api(token, () => locale) : null), [token, locale]);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setMe(null);
    setTab(null);
    setLeaveOpen(false);
  }, []);
  const session = useMemo<AppContextValue>(() => ({ locale, t, api, signOut }), [locale, t, api, signOut]);

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
    if (id !== current && !mayLeave()) return; // unsaved work on the page asks first
    setTab(id);
    if (route.page === 'case' || route.page === 'caseSearch' || route.page === 'incidents') location.hash = '';
  };
  const signIn = (newToken: string) => {
    sessionStorage.setItem(TOKEN_KEY, newToken);
    setToken(newToken);
  };

  // Administrators design processes; everyone with tasks works from the inbox.
  const canDesign = !!me?.roles.some((r) => r === 'admin' || r === 'tenant-admin');
  const canOversee = canDesign || !!me?.roles.includes('supervisor');
  const current: Tab = tab ?? (canDesign ? 'designer' : 'inbox');
  const tabs = (
    [
      ['inbox', 'tabInbox', true],
      ['cases', 'tabCases', true],
      ['frontDesk', 'tabFrontDesk', canDesign || !!me?.roles.includes('staff')],
      ['dashboard', 'tabDashboard', canOversee],
      ['designer', 'tabDesigner', canDesign],
      ['forms', 'tabForms', canDesign],
      ['rules', 'tabRules', canDesign],
      ['enterprises', 'tabEnterprises', canDesign],
      ['calendar', 'tabCalendar', canDesign],
      ['incidents', 'tabIncidents', canDesign],
      ['admin', 'tabAdmin', canDesign],
    ] as Array<[Tab, MessageKey, boolean]>
  ).filter(([, , shown]) => shown);

  if (isPublicRoute(route))
    return (
      <Suspense fallback={<p className="muted loading">…</p>}>
        <PublicPages route={route} locale={locale} t={t} onSwitchLocale={switchLocale} />
      </Suspense>
    );

  const page = (
    <div className="app">
      <header className="topbar">
        <h1>{t(me ? 'appBarTitle' : 'appTitle')}</h1>
        {me && (
          <nav className="tabs">
            {tabs.map(([id, label]) => (
              <button
                key={id}
                type="button"
                className={
                  (route.page === 'caseSearch' ? id === 'cases' : current === id && route.page === 'app')
                    ? 'tab active'
                    : 'tab'
                }
                onClick={() => openTab(id)}
              >
                {t(label)}
              </button>
            ))}
          </nav>
        )}
        <span className="spacer" />
        {api && me && (
          <NoticeBell
            onOpenTask={(id) => {
              openTab('inbox');
              setFocus((f) => ({ taskId: id, seq: (f?.seq ?? 0) + 1 }));
            }}
          />
        )}
        {me && <span className="who">{me.displayName}</span>}
        {me && (
          <button type="button" className="link" aria-pressed={leaveOpen} onClick={() => setLeaveOpen((o) => !o)}>
            {t('leaveProxy')}
          </button>
        )}
        <button type="button" className="link" onClick={switchLocale}>
          {t('language')}
        </button>
        {token && (
          <button type="button" className="link" onClick={signOut}>
            {t('logout')}
          </button>
        )}
      </header>
      {!api && <Login onSignedIn={signIn} />}
      {api && me && canDesign && <CalendarBanner tenant={me.tenant} onOpen={() => openTab('calendar')} />}
      <Suspense fallback={<p className="muted loading">…</p>}>
        {api && me && leaveOpen && <LeaveProxyDialog me={me} onClose={() => setLeaveOpen(false)} />}
        {api && me && route.page === 'case' && <CasePage caseId={route.id} me={me} />}
        {api && me && route.page === 'app' && current === 'cases' && <CaseSearch />}
        {api && me && route.page === 'caseSearch' && (
          <CaseSearch
            key={location.hash}
            initial={route.filters}
            {...(route.unitName ? { unitName: route.unitName } : {})}
            {...(route.stepName ? { stepName: route.stepName } : {})}
            {...(route.processName ? { processName: route.processName } : {})}
          />
        )}
        {api &&
          me &&
          route.page === 'incidents' &&
          // 流程监控's 故障 badge: administrators fix them on 故障案件; supervisors read the same cases' list.
          (canDesign ? (
            <Incidents
              key={location.hash}
              filter={route.filter}
              names={{
                ...(route.stepName ? { step: route.stepName } : {}),
                ...(route.processName ? { process: route.processName } : {}),
              }}
            />
          ) : (
            <CaseSearch
              key={location.hash}
              initial={{
                process: route.filter.process,
                stuckAt: route.filter.elementId,
                ...(route.filter.definition ? { definition: route.filter.definition } : {}),
              }}
              {...(route.stepName ? { stepName: route.stepName } : {})}
              {...(route.processName ? { processName: route.processName } : {})}
            />
          ))}
        {api && me && route.page === 'app' && current === 'designer' && <ProcessDesigner />}
        {api && me && route.page === 'app' && current === 'inbox' && <Inbox me={me} focus={focus} />}
        {api && me && route.page === 'app' && current === 'frontDesk' && <FrontDesk me={me} />}
        {api && me && route.page === 'app' && current === 'dashboard' && <Dashboard />}
        {api && me && route.page === 'app' && current === 'enterprises' && <Enterprises />}
        {api && me && route.page === 'app' && current === 'calendar' && <CalendarPage me={me} />}
        {api && me && route.page === 'app' && current === 'incidents' && <Incidents />}
        {api && me && route.page === 'app' && current === 'forms' && <FormDesigner />}
        {api && me && route.page === 'app' && current === 'rules' && <RulesDesigner />}
        {api && token && me && route.page === 'app' && current === 'admin' && (
          <Admin token={token} t={t} locale={locale} onUnauthorized={signOut} />
        )}
      </Suspense>
    </div>
  );
  return <AppContext.Provider value={session}>{page}</AppContext.Provider>;
}
