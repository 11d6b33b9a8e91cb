// The supervisor's overview of a subtree: cases, open tasks by light, by step and by department.
export * from './summary.js';
export { dashboardRoutes } from './routes.js';
export { bulletin, monthOf, type Bulletin } from './bulletin.js';
export { figureReport, type FigureReport } from './figures.js';
export { backfillCaseFigures, insertMissingCaseFigures, refreshCaseFigures } from './rollup.js';
