import { createRoot } from 'react-dom/client';
import { App } from './App.js';
// All styles load with the first page (the bpmn-js ones too): code-split chunks carry no CSS of their own.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App />);
