// Named shapes of the API's answers, read from the generated OpenAPI types (schema.gen.ts) so they
// cannot drift from what the runtime promises.
import type { paths } from './schema.gen.js';

type Method = 'get' | 'post' | 'put' | 'delete';

/** The JSON a route answers when it succeeds. */
export type Answer<P extends keyof paths, M extends keyof paths[P] & Method> = paths[P][M] extends {
  responses: infer R;
}
  ? SuccessOf<R>
  : never;
type SuccessOf<R> = {
  [C in keyof R]: C extends 200 | 201 ? (R[C] extends { content: { 'application/json': infer B } } ? B : never) : never;
}[keyof R];

/** What a route takes as its JSON body. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P] & Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type Me = Answer<'/api/me', 'get'>;
export type Tenant = Answer<'/api/tenants', 'get'>[number];
export type Group = Answer<'/api/groups', 'get'>[number];
export type Person = Answer<'/api/people', 'get'>[number];
export type LeaveProxy = Answer<'/api/leave-proxies', 'get'>[number];
export type LeaveProxyStatus = Answer<'/api/leave-proxies/status', 'get'>;
export type UserSummary = Answer<'/api/users', 'get'>[number];
export type DeadlinePreview = Answer<'/api/calendars/{tenant}/preview', 'get'>;
/** A deployed process, form or decision table (one version). */
export type Definition = Answer<'/api/process-definitions', 'get'>[number];
export type DefinitionKind = 'process' | 'form' | 'decision';
export type Deployment = Answer<'/api/deployments', 'post'>;
export type ProcessVersion = Answer<'/api/process-definitions/{key}/versions', 'get'>[number];
export type ProcessRebase = Answer<'/api/process-definitions/{key}/rebase', 'post'>;
export type FormRebase = Answer<'/api/form-definitions/{key}/rebase', 'post'>;
export type DecisionRebase = Answer<'/api/decision-definitions/{key}/rebase', 'post'>;
export type RebaseConflict = ProcessRebase['conflicts'][number];
export type RebasedOn = NonNullable<BodyOf<'/api/deployments', 'post'>['rebasedOn']>;
/** A resource's content as deployed: BPMN or DMN text, or a form object. */
export type ResourceContent = BodyOf<'/api/deployments', 'post'>['resources'][number]['content'];
export type DeployedForm = Answer<'/api/form-definitions/{id}', 'get'>['form'];
export type Task = Answer<'/api/tasks/{id}', 'get'>;
export type TaskForm = Answer<'/api/tasks/{id}/form', 'get'>;
export type TaskOperation = NonNullable<Task['allowedOperations']>[number];
export type Notice = Answer<'/api/notifications', 'get'>[number];
export type FrontDeskForm = Answer<'/api/front-desk/intake/{tenant}', 'get'>;
export type Receipt = Answer<'/api/front-desk/appeals', 'post'>;
export type HistoryEvent = Answer<'/api/process-instances/{id}/history', 'get'>['events'][number];
export type ExtensionRequest = Answer<'/api/extension-requests', 'get'>[number];
export type Dashboard = Answer<'/api/dashboard', 'get'>;
export type ProcessStatistics = Answer<'/api/process-definitions/{key}/statistics', 'get'>;
export type ProcessStatisticsList = Answer<'/api/process-statistics', 'get'>;
export type FigureReport = Answer<'/api/dashboard/figures', 'get'>;
export type FigureRow = FigureReport['rows'][number];
export type FigureQuery = NonNullable<paths['/api/dashboard/figures']['get']['parameters']['query']>;
export type Bulletin = Answer<'/api/dashboard/bulletin', 'get'>;
export type Enterprise = Answer<'/api/enterprises', 'get'>[number];
export type PublicIntake = Answer<'/api/public/intake/{tenant}', 'get'>;
export type AppealStatus = Answer<'/api/public/appeals/{trackingNo}', 'get'>;
export type CalendarDays = Answer<'/api/calendars/{tenant}/days', 'get'>;
export type CalendarDay = CalendarDays['days'][number];
export type LoadedYear = Answer<'/api/calendars/{tenant}/years/{year}/notice', 'post'>;
export type NextYearStatus = Answer<'/api/calendars/{tenant}/next-year', 'get'>;
export type CaseStepData = TaskForm['caseData'][number];
/** `GET /api/cases/:id`: the case file (一案一卷). */
export type CaseFile = Answer<'/api/cases/{id}', 'get'>;
/** A running countersign (会签) and its votes. */
export type Countersign = CaseFile['countersigns'][number];
/** A supervision order (督办单) with its rectification feedback (整改反馈). */
export type SupervisionOrder = Answer<'/api/cases/{id}/supervision-orders', 'get'>[number];
export type SupervisionInbox = Answer<'/api/supervision-orders/inbox', 'get'>;
export type CaseOpinion = CaseFile['opinions'][number];
export type CaseSearchResult = Answer<'/api/cases', 'get'>;
export type CaseFilters = NonNullable<paths['/api/cases']['get']['parameters']['query']>;
export type Attachment = Answer<'/api/cases/{id}/attachments', 'get'>[number];
export type DoneTask = Answer<'/api/worklists/done', 'get'>['items'][number];
export type StartedCase = Answer<'/api/worklists/started', 'get'>['items'][number];
export type CcCopy = Answer<'/api/worklists/cc', 'get'>['items'][number];
export type WorklistCounts = Answer<'/api/worklists/counts', 'get'>;
export type IncidentRow = Answer<'/api/incidents', 'get'>[number];
export type IncidentDetail = Answer<'/api/incidents/{id}', 'get'>;
export type EnterpriseImportReport = Answer<'/api/enterprises/import', 'post'>;
