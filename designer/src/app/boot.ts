// index.html's boot script, inlined by designer/build.ts (the server allows exactly it by its
// hash): loads the entry the address asks for — the public pages (Preact, no rjsf) for
// `#/intake/…` and `#/track`, the staff app otherwise — with its stylesheet and its static
// imports preloaded, so a citizen's phone never fetches the staff app and a clerk never the public one.
import { isPublicRoute, routeOf } from './route.js';

interface EntryFiles {
  js: string;
  css: string;
  preload: string[];
}
/** The build's entries (designer/build.ts defines it). */
declare const BOOT_ENTRIES: Record<'app' | 'public', EntryFiles>;

const entry = BOOT_ENTRIES[isPublicRoute(routeOf(location.hash)) ? 'public' : 'app'];
const link = (rel: string, href: string) => {
  const l = document.createElement('link');
  l.rel = rel;
  l.href = href;
  document.head.append(l);
  return l;
};
const sheet = link('stylesheet', entry.css);
sheet.setAttribute('blocking', 'render');
// The entry draws once its styles apply (a browser without `blocking` would show the page bare first).
(globalThis as { civicflowStyles?: Promise<void> }).civicflowStyles = new Promise((done) => {
  sheet.onload = () => done();
  sheet.onerror = () => done();
});
for (const href of entry.preload) link('modulepreload', href);
const script = document.createElement('script');
script.type = 'module';
script.src = entry.js;
document.head.append(script);
