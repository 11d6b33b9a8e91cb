// The staff work lists beside 待办 (Camunda Tasklist, 钉钉审批): 已办, 我发起, 抄送我 with read receipts.
export { worklistRoutes } from './routes.js';
