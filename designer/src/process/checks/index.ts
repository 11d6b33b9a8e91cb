// Mistakes caught while drawing, menus that offer only what the engine runs, token simulation.
export { useCompileContext } from './compile-context.js';
export { useLiveProblems } from './use-live-problems.js';
export { showProblemMarkers } from './problem-markers.js';
export { supportedMenusModule } from './supported-menus.js';
export { translateSimulation } from './simulation-labels.js';
export { useDiagramChecks } from './use-diagram-checks.js';
