import { useCallback, useEffect, useState } from 'react';
import { initialLocale, translate, type Locale, type T } from '../app/i18n/index.js';
import { isPublicRoute } from '../app/route.js';
import { useRoute } from '../app/use-route.js';
import { PublicPages } from './PublicPages.js';

/** The public entry's app: the public pages in the visitor's language; any other address is the staff app's (a reload boots it). */
export function PublicApp() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const route = useRoute();
  const t: T = useCallback((key, vars) => translate(locale, key, vars), [locale]);
  const staff = !isPublicRoute(route);
  useEffect(() => {
    if (staff) location.reload();
  }, [staff]);
  const switchLocale = () => {
    const next: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('civicflow.locale', next);
    document.documentElement.lang = next;
    setLocale(next);
  };
  return isPublicRoute(route) ? (
    <PublicPages route={route} locale={locale} t={t} onSwitchLocale={switchLocale} />
  ) : null;
}
