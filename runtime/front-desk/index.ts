// The window clerk's front desk: walk-in and phone appeals with a printed receipt.
export { frontDeskRoutes } from './routes.js';
export { registerAppeal, type Receipt } from './service.js';
