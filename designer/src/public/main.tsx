// The public entry (index.html's boot script loads it for `#/intake/…` and `#/track`): the appeal
// form, 一企一码 and the tracking page a citizen's phone opens, built with Preact in React's place
// (designer/build.ts) and without rjsf or ajv unless a form needs them (PublicIntakePage.tsx).
import { createRoot } from 'react-dom/client';
import { stylesReady } from '../app/styles-ready.js';
import { PublicApp } from './PublicApp.js';
import '../app/styles.css';

await stylesReady();
createRoot(document.getElementById('root')!).render(<PublicApp />);
