import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { stylesReady } from './styles-ready.js';
// The app's own styles load with the first page; bpmn-js's load with the diagrams (shared/diagram-styles.css).
import './styles.css';

await stylesReady();
createRoot(document.getElementById('root')!).render(<App />);
