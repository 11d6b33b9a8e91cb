// Working-time deadlines of tasks: calendars, policies, the warning ladder, supervision and notifications.
export * from './calendars.js';
export * from './channels.js';
export * from './deadline-columns.js';
export * from './kit.js';
export * from './ladder.js';
export * from './list.js';
export * from './model.js';
export * from './resolution.js';
export * from './rules.js';
export * from './service.js';
export {
  notify,
  handlerRecipients,
  writeJobNotices,
  type JobNotice,
  type NewNotification,
  type Recipient,
} from './notifications.js';
export { deadlineRoutes } from './routes/index.js';
export { overdueOrdersOfPeriod, type OverdueOrder } from './overdue-orders.js';
export { calendarHealthWarnings } from './calendar-watch.js';
export { onTaskEffects, deadlineEnv, type EffectDeadlines, type TaskRowDeadline } from './task-effects.js';
