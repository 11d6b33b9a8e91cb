// Cases (process instances): listing, reading, variables, notes, cancellation.
export { visibleInstance } from './queries.js';
export { instanceView } from './views.js';
export { instanceRoutes } from './routes.js';
