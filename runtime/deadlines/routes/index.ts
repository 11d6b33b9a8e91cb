import type { RuntimeApi } from '../../platform/http/deps.js';
import { calendarNoticeRoutes } from './calendar-notice.js';
import { calendarRoutes } from './calendars.js';
import { notificationRoutes } from './notifications.js';
import { policyRoutes } from './policies.js';
import { supervisionRoutes } from './supervision.js';
import { supervisionReplyRoutes } from './supervision-replies.js';
import { taskDeadlineRoutes } from './task-deadlines.js';

/** Every deadline endpoint, by resource. */
export function deadlineRoutes(api: RuntimeApi): void {
  calendarRoutes(api);
  calendarNoticeRoutes(api);
  policyRoutes(api);
  taskDeadlineRoutes(api);
  supervisionReplyRoutes(api);
  supervisionRoutes(api);
  notificationRoutes(api);
}
