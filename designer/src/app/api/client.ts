import createClient from 'openapi-fetch';
import type { FieldProblem, Problem } from '../../../../definitions/index.js';
import type { Locale } from '../i18n/index.js';
import type { paths } from './schema.gen.js';
import type {
  BodyOf,
  CaseFilters,
  Definition,
  FigureQuery,
  DefinitionKind,
  RebasedOn,
  ResourceContent,
} from './types.js';

/** What the server found wrong: a deployment's definition problems (422) or a form's field problems (400). */
export type ApiProblem = Problem | FieldProblem;

export const isDefinitionProblem = (p: ApiProblem): p is Problem => 'code' in p;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: ApiProblem[] = [],
  ) {
    super(message);
  }
}

/** What openapi-fetch answers: the data of a success, or the error body. */
type Answered = { data?: unknown; error?: unknown; response: Response };
type DataOf<R extends Answered> = Extract<R, { error?: never }>['data'];

/** The answer's data; any other status as an ApiError with the API's code and problems. */
async function ok<R extends Answered>(call: Promise<R>): Promise<DataOf<R>> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorOf(response, error);
  return data as DataOf<R>;
}

function errorOf(res: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; problems?: unknown } } | undefined)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string')
    return new ApiError(res.status, 'HTTP_ERROR', `${res.status} ${res.statusText}`);
  // The error schema types problems loosely; the runtime sends definition or field problems.
  return new ApiError(
    res.status,
    error.code,
    error.message,
    Array.isArray(error.problems) ? (error.problems as ApiProblem[]) : [],
  );
}

function client(headers: () => Record<string, string>) {
  const api = createClient<paths>();
  api.use({
    onRequest({ request }) {
      for (const [name, value] of Object.entries(headers())) request.headers.set(name, value);
      return request;
    },
  });
  return api;
}

/** The endpoints that need no account: the intake form, submitting an appeal, following it. */
export const publicApi = {
  intake(tenant: string, enterprise: string | null, locale: Locale) {
    const query = enterprise ? { enterprise } : {};
    return ok(
      client(() => ({ 'accept-language': locale })).GET('/api/public/intake/{tenant}', {
        params: { path: { tenant }, query },
      }),
    );
  },
  submit(
    tenant: string,
    data: Record<string, unknown>,
    enterprise: string | null,
    locale: Locale,
    purpose?: 'appeal' | 'mediation' | 'legal',
  ) {
    const body = { data, ...(enterprise ? { enterprise } : {}), ...(enterprise && purpose ? { purpose } : {}) };
    return ok(
      client(() => ({ 'accept-language': locale })).POST('/api/public/intake/{tenant}', {
        params: { path: { tenant } },
        body,
      }),
    );
  },
  /** A photo for an appeal, uploaded before it is submitted: answers the token the form's photo field keeps. */
  upload(tenant: string, file: File, locale: Locale) {
    const form = new FormData();
    form.append('file', file, file.name);
    // The generated type says "file: string" (binary); the request sends the form as it is.
    const body = form as unknown as { file: string };
    return ok(
      client(() => ({ 'accept-language': locale })).POST('/api/public/intake/{tenant}/attachments', {
        params: { path: { tenant } },
        body,
        bodySerializer: (b: unknown) => b as FormData,
      }),
    );
  },
  follow(trackingNo: string, phone: string, locale: Locale) {
    return ok(
      client(() => ({ 'accept-language': locale })).GET('/api/public/appeals/{trackingNo}', {
        params: { path: { trackingNo }, query: { phone } },
      }),
    );
  },
};

const byId = (id: string) => ({ params: { path: { id } } });

/** The REST API as the designer uses it (bearer token, errors as ApiError with the API's code and problems). */
export class Api {
  private readonly http;

  constructor(token: string, locale: () => Locale) {
    this.http = client(() => ({ authorization: `Bearer ${token}`, 'accept-language': locale() }));
  }

  static async login(username: string, password: string): Promise<string> {
    return (await ok(client(() => ({})).POST('/api/auth/login', { body: { username, password } }))).token;
  }

  me() {
    return ok(this.http.GET('/api/me'));
  }

  enterprises() {
    return ok(this.http.GET('/api/enterprises'));
  }

  addEnterprise(body: { name: string; tenantId: string; creditCode?: string }) {
    return ok(this.http.POST('/api/enterprises', { body }));
  }

  updateEnterprise(id: string, body: { name?: string; creditCode?: string | null; contact?: string | null }) {
    return ok(this.http.PUT('/api/enterprises/{id}', { ...byId(id), body }));
  }

  setEnterpriseActive(id: string, active: boolean) {
    const path = active ? '/api/enterprises/{id}/activate' : '/api/enterprises/{id}/deactivate';
    return ok(this.http.POST(path, { ...byId(id), body: {} }));
  }

  /** A new QR code; the old one stops working. */
  reissueEnterprise(id: string) {
    return ok(this.http.POST('/api/enterprises/{id}/reissue', { ...byId(id), body: {} }));
  }

  importEnterprises(body: { format: 'xlsx' | 'csv'; content: string; dryRun: boolean; tenantId: string }) {
    return ok(this.http.POST('/api/enterprises/import', { body }));
  }

  /** A4 sheets as HTML: one enterprise, or all active ones of a unit (a park). */
  enterpriseSheets(which: { id: string } | { tenant: string }): Promise<string> {
    return ok(this.http.GET('/api/enterprises/print', { params: { query: which }, parseAs: 'text' }));
  }

  /** The same A4 sheets as a PDF, one page per enterprise (503 PDF_FONT_MISSING when the server has no Chinese font). */
  enterprisePdf(which: { id: string } | { tenant: string }): Promise<Blob> {
    return ok(this.http.GET('/api/enterprises/print.pdf', { params: { query: which }, parseAs: 'blob' }));
  }

  /** The enterprise's QR code as an object URL for an <img> (the request needs the token). */
  async enterpriseQr(id: string): Promise<string> {
    return URL.createObjectURL(
      await ok(this.http.GET('/api/enterprises/{id}/qr.svg', { ...byId(id), parseAs: 'blob' })),
    );
  }

  dashboard() {
    return ok(this.http.GET('/api/dashboard'));
  }

  /** 流程监控's picker: the processes of the caller's units, with their cases in progress. */
  processStatisticsList() {
    return ok(this.http.GET('/api/process-statistics'));
  }

  /** 流程监控: where a process's cases in progress stand, element by element (all versions, or one). */
  processStatistics(key: string, definition?: string) {
    return ok(
      this.http.GET('/api/process-definitions/{key}/statistics', {
        params: { path: { key }, query: definition ? { definition } : {} },
      }),
    );
  }

  /** The figures of a period grouped by a dimension (each case once, rows adding up to the total). */
  figures(query: FigureQuery) {
    return ok(this.http.GET('/api/dashboard/figures', { params: { query } }));
  }

  /** The figures table as an Excel workbook or CSV file. */
  figuresFile(query: FigureQuery, format: 'xlsx' | 'csv'): Promise<Blob> {
    return ok(this.http.GET('/api/dashboard/export', { params: { query: { ...query, format } }, parseAs: 'blob' }));
  }

  /** The monthly 通报 of a unit (the caller's own by default). */
  bulletin(query: { month?: string; tenant?: string }) {
    return ok(this.http.GET('/api/dashboard/bulletin', { params: { query } }));
  }

  bulletinFile(query: { month?: string; tenant?: string }): Promise<Blob> {
    return ok(this.http.GET('/api/dashboard/bulletin/export', { params: { query }, parseAs: 'blob' }));
  }

  /** Open tasks the caller may work on (its groups' and its own), oldest first as the API lists them. */
  openTasks() {
    return ok(this.http.GET('/api/tasks', { params: { query: { status: 'open', withCase: 'true' } } }));
  }

  /** One task with what the caller may do with it now, a delegation in progress and why it came back. */
  task(taskId: string) {
    return ok(this.http.GET('/api/tasks/{id}', byId(taskId)));
  }

  /** 退回, 退单, 转办, 委派, 办毕交回, 中止/恢复计时: each answers the task. */
  returnTask(taskId: string, reason: string) {
    return ok(this.http.POST('/api/tasks/{id}/return', { ...byId(taskId), body: { reason } }));
  }

  refuseTask(taskId: string, reason: string) {
    return ok(this.http.POST('/api/tasks/{id}/refuse', { ...byId(taskId), body: { reason } }));
  }

  transferTask(taskId: string, to: { toUser: string } | { toGroup: string }, reason: string) {
    return ok(this.http.POST('/api/tasks/{id}/transfer', { ...byId(taskId), body: { ...to, reason } }));
  }

  delegateTask(taskId: string, toUser: string, reason: string) {
    return ok(this.http.POST('/api/tasks/{id}/delegate', { ...byId(taskId), body: { toUser, reason } }));
  }

  resolveTask(taskId: string, note: string) {
    return ok(this.http.POST('/api/tasks/{id}/resolve', { ...byId(taskId), body: note ? { note } : {} }));
  }

  /** 抄送: people and departments get a notice and may read the case. */
  ccTask(taskId: string, users: string[], groups: string[], note: string) {
    return ok(
      this.http.POST('/api/tasks/{id}/cc', { ...byId(taskId), body: { users, groups, ...(note ? { note } : {}) } }),
    );
  }

  pauseTask(taskId: string, reason: string) {
    return ok(this.http.POST('/api/tasks/{id}/pause', { ...byId(taskId), body: { reason } }));
  }

  resumeTask(taskId: string) {
    return ok(this.http.POST('/api/tasks/{id}/resume', byId(taskId)));
  }

  cancelCase(caseId: string, reason: string) {
    return ok(this.http.POST('/api/process-instances/{id}/cancel', { ...byId(caseId), body: { reason } }));
  }

  /** 加签 / 减签 on the running countersign the task is part of: people or departments, as the step signs. */
  changeSigners(
    taskId: string,
    change: 'add' | 'remove',
    who: { users?: string[]; groups?: string[] },
    reason: string,
  ) {
    const body = { ...who, ...(reason ? { reason } : {}) };
    return change === 'add'
      ? ok(this.http.POST('/api/tasks/{id}/add-signers', { ...byId(taskId), body }))
      : ok(this.http.POST('/api/tasks/{id}/remove-signers', { ...byId(taskId), body }));
  }

  // ── 督办单 ──
  /** The orders waiting for the caller: to answer, to decide on, and those they issued. */
  supervisionInbox() {
    return ok(this.http.GET('/api/supervision-orders/inbox'));
  }

  caseSupervision(caseId: string) {
    return ok(this.http.GET('/api/cases/{id}/supervision-orders', byId(caseId)));
  }

  /** 发督办单: a requirement and a reply deadline in working days. */
  issueSupervision(caseId: string, reason: string, deadline: string) {
    return ok(this.http.POST('/api/supervision-orders', { body: { processInstanceId: caseId, reason, deadline } }));
  }

  /** 整改反馈: text and attachments already uploaded to the case. */
  replySupervision(orderId: string, body: string, attachmentIds: string[]) {
    return ok(
      this.http.POST('/api/supervision-orders/{id}/reply', { ...byId(orderId), body: { body, attachmentIds } }),
    );
  }

  /** 办结 (accept) or 要求重新整改 (return) the feedback. */
  decideSupervision(orderId: string, verdict: 'accept' | 'return', note: string) {
    return verdict === 'accept'
      ? ok(this.http.POST('/api/supervision-orders/{id}/accept', { ...byId(orderId), body: note ? { note } : {} }))
      : ok(this.http.POST('/api/supervision-orders/{id}/return', { ...byId(orderId), body: { note } }));
  }

  /** 升级督办: the order goes one unit up the case's chain, with the reason. */
  escalateSupervision(orderId: string, reason: string) {
    return ok(this.http.POST('/api/supervision-orders/{id}/escalate', { ...byId(orderId), body: { reason } }));
  }

  /** The notice centre: the caller's and their groups' notices, newest first. */
  notices() {
    return ok(this.http.GET('/api/notifications', { params: { query: { limit: '50' } } }));
  }

  markNoticeRead(id: number) {
    return ok(this.http.POST('/api/notifications/{id}/read', { params: { path: { id: String(id) } } }));
  }

  // ── 前台登记 ──
  frontDeskForm(tenant: string) {
    return ok(this.http.GET('/api/front-desk/intake/{tenant}', { params: { path: { tenant } } }));
  }

  registerAppeal(tenant: string, channel: '窗口' | '电话', data: Record<string, unknown>) {
    return ok(this.http.POST('/api/front-desk/appeals', { body: { tenant, channel, data } }));
  }

  /** The audit trail of a case, in order. */
  async history(caseId: string) {
    return (await ok(this.http.GET('/api/process-instances/{id}/history', byId(caseId)))).events;
  }

  /** Open overdue tasks the caller may see, the most overdue first. */
  overdueTasks() {
    return ok(
      this.http.GET('/api/tasks', { params: { query: { status: 'open', light: 'red', sort: 'dueAt', limit: '20' } } }),
    );
  }

  /** 催办: a notification to the task's handlers. */
  urge(taskId: string) {
    return ok(this.http.POST('/api/tasks/{id}/urge', { ...byId(taskId), body: {} }));
  }

  pendingExtensions() {
    return ok(this.http.GET('/api/extension-requests', { params: { query: { status: 'pending' } } }));
  }

  decideExtension(id: string, approve: boolean) {
    const path = approve ? '/api/extension-requests/{id}/approve' : '/api/extension-requests/{id}/reject';
    return ok(this.http.POST(path, { ...byId(id), body: {} }));
  }

  /** 延期申请: more working time for a task, for a reason (a supervisor decides). */
  requestExtension(taskId: string, reason: string, extendBy: string) {
    return ok(this.http.POST('/api/tasks/{id}/extension-requests', { ...byId(taskId), body: { reason, extendBy } }));
  }

  taskForm(taskId: string) {
    return ok(this.http.GET('/api/tasks/{id}/form', byId(taskId)));
  }

  claim(taskId: string) {
    return ok(this.http.POST('/api/tasks/{id}/claim', { ...byId(taskId), body: {} }));
  }

  unclaim(taskId: string) {
    return ok(this.http.POST('/api/tasks/{id}/unclaim', { ...byId(taskId), body: {} }));
  }

  complete(taskId: string, variables: Record<string, unknown>, opinion?: string) {
    return ok(
      this.http.POST('/api/tasks/{id}/complete', {
        ...byId(taskId),
        body: { variables, ...(opinion ? { opinion } : {}) },
      }),
    );
  }

  /** 暂存: the form unfinished, checked only on completion. */
  saveDraft(taskId: string, data: Record<string, unknown>) {
    return ok(this.http.PUT('/api/tasks/{id}/draft', { ...byId(taskId), body: { data } }));
  }

  /** 案件查询: the cases the caller may see matching the filters (empty ones left out). */
  searchCases(filters: Record<string, string>) {
    // The filters' values come from the search form's fields and options, which the query schema describes.
    const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')) as CaseFilters;
    return ok(this.http.GET('/api/cases', { params: { query } }));
  }

  /** A case's process variables (the rules test panel fills its inputs from them). */
  async caseVariables(caseId: string): Promise<Record<string, unknown>> {
    return (await ok(this.http.GET('/api/process-instances/{id}', byId(caseId)))).variables;
  }

  caseFile(caseId: string) {
    return ok(this.http.GET('/api/cases/{id}', byId(caseId)));
  }

  /** The BPMN XML of the exact version the case runs. */
  caseDiagram(caseId: string): Promise<string> {
    return ok(this.http.GET('/api/cases/{id}/diagram', { ...byId(caseId), parseAs: 'text' }));
  }

  /** The printable case record (办结单) as HTML. */
  casePrint(caseId: string): Promise<string> {
    return ok(this.http.GET('/api/cases/{id}/print', { ...byId(caseId), parseAs: 'text' }));
  }

  // ── 附件 ──
  caseAttachments(caseId: string) {
    return ok(this.http.GET('/api/cases/{id}/attachments', byId(caseId)));
  }

  /** Uploads a file to the case, or at a step when `taskId` is given (multipart; the server checks its real type). */
  attach(target: { caseId: string } | { taskId: string }, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    // The generated type says "file: string" (binary); the request sends the form as it is.
    const body = form as unknown as { file: string };
    const request = { body, bodySerializer: (b: unknown) => b as FormData };
    return 'taskId' in target
      ? ok(this.http.POST('/api/tasks/{id}/attachments', { ...byId(target.taskId), ...request }))
      : ok(this.http.POST('/api/cases/{id}/attachments', { ...byId(target.caseId), ...request }));
  }

  /** The unit's attachment policy (附件规则): what a file field at its steps accepts. */
  attachmentPolicy(tenant: string) {
    return ok(this.http.GET('/api/attachment-policies/{tenant}', { params: { path: { tenant } } }));
  }

  /** An attachment's bytes (the request needs the token). */
  attachmentBlob(id: string): Promise<Blob> {
    return ok(this.http.GET('/api/attachments/{id}', { ...byId(id), parseAs: 'blob' }));
  }

  // ── 已办 / 我发起 / 抄送我 ──
  worklistCounts() {
    return ok(this.http.GET('/api/worklists/counts'));
  }

  doneTasks(page: number) {
    return ok(this.http.GET('/api/worklists/done', { params: { query: { page: String(page) } } }));
  }

  startedCases(page: number) {
    return ok(this.http.GET('/api/worklists/started', { params: { query: { page: String(page) } } }));
  }

  ccReceived(page: number) {
    return ok(this.http.GET('/api/worklists/cc', { params: { query: { page: String(page) } } }));
  }

  ccSent(page: number) {
    return ok(this.http.GET('/api/worklists/cc-sent', { params: { query: { page: String(page) } } }));
  }

  markCcRead(id: number) {
    return ok(this.http.POST('/api/worklists/cc/{id}/read', { params: { path: { id: String(id) } } }));
  }

  /** 撤回: the completer of a step takes it back while the next one is untouched. */
  withdrawTask(taskId: string) {
    return ok(this.http.POST('/api/tasks/{id}/withdraw', { ...byId(taskId), body: {} }));
  }

  addCaseOpinion(caseId: string, body: string) {
    return ok(this.http.POST('/api/cases/{id}/opinions', { ...byId(caseId), body: { body } }));
  }

  /**
   * The latest version of every definition of a kind the caller may adjust or inherits: its
   * subtree's and its tenant chain's (a township sees the city's processes, forms and tables).
   */
  async latest(kind: DefinitionKind, tenant: string): Promise<Definition[]> {
    const path = `/api/${kind}-definitions` as const;
    const [subtree, inherited] = await Promise.all([
      ok(this.http.GET(path, { params: { query: { latest: 'true' } } })),
      ok(this.http.GET(path, { params: { query: { latest: 'true', tenant } } })),
    ]);
    const byKey = new Map([...subtree, ...inherited].map((d) => [d.id, d]));
    return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key) || a.tenant.localeCompare(b.tenant));
  }

  /** A deployed BPMN or DMN document as its XML text. */
  xml(kind: 'process' | 'decision', definitionId: string): Promise<string> {
    const path = kind === 'process' ? '/api/process-definitions/{id}/xml' : '/api/decision-definitions/{id}/xml';
    return ok(this.http.GET(path, { ...byId(definitionId), parseAs: 'text' }));
  }

  /** One resource (`*.bpmn` or `*.dmn` text, `*.form.json` object, Camunda `*.form` text) deployed for a tenant, with its companions. */
  deploy(
    tenant: string,
    resourceName: string,
    content: ResourceContent,
    companions: Array<{ name: string; content: ResourceContent }> = [],
    comment?: string,
    rebasedOn?: RebasedOn,
  ) {
    return ok(
      this.http.POST('/api/deployments', {
        body: {
          tenant,
          ...(comment ? { comment } : {}),
          ...(rebasedOn?.length ? { rebasedOn } : {}),
          resources: [{ name: resourceName, content }, ...companions],
        },
      }),
    );
  }

  /** 同步市级更新 (a preview): the tenant's copy (`ours`, as edited) with the owner's newer changes merged in; conflicts on the chosen side. */
  rebaseProcess(key: string, tenant: string, ours: string, resolutions: Record<string, 'ours' | 'theirs'> = {}) {
    return ok(
      this.http.POST('/api/process-definitions/{key}/rebase', {
        params: { path: { key }, query: { tenant } },
        body: { ours, resolutions },
      }),
    );
  }

  /** 同步市级更新 for a decision table (a preview): merged rule by rule and column by column. */
  rebaseDecision(key: string, tenant: string, ours: string, resolutions: Record<string, 'ours' | 'theirs'> = {}) {
    return ok(
      this.http.POST('/api/decision-definitions/{key}/rebase', {
        params: { path: { key }, query: { tenant } },
        body: { ours, resolutions },
      }),
    );
  }

  /** 同步市级更新 for a form (a preview): merged field by field. */
  rebaseForm(
    key: string,
    tenant: string,
    ours: { id: string; schema: Record<string, unknown> },
    resolutions: Record<string, 'ours' | 'theirs'> = {},
  ) {
    return ok(
      this.http.POST('/api/form-definitions/{key}/rebase', {
        params: { path: { key }, query: { tenant } },
        body: { ours, resolutions },
      }),
    );
  }

  /** Every version of a process deployed at a tenant, newest first (who, when, the comment). */
  processVersions(key: string, tenant: string) {
    return ok(
      this.http.GET('/api/process-definitions/{key}/versions', { params: { path: { key }, query: { tenant } } }),
    );
  }

  /** 恢复继承: remove a tenant's own versions of a process it inherits. */
  revertOverride(key: string, tenant: string) {
    return ok(
      this.http.DELETE('/api/process-definitions/{key}/override', { params: { path: { key }, query: { tenant } } }),
    );
  }

  /** 恢复继承: remove a tenant's own versions of a decision table it inherits. */
  revertDecision(key: string, tenant: string) {
    return ok(
      this.http.DELETE('/api/decision-definitions/{key}/override', { params: { path: { key }, query: { tenant } } }),
    );
  }

  /** 恢复继承: remove a tenant's own versions of a form it inherits. */
  revertForm(key: string, tenant: string) {
    return ok(
      this.http.DELETE('/api/form-definitions/{key}/override', { params: { path: { key }, query: { tenant } } }),
    );
  }

  /** The groups the caller may make candidates: its subtree's and its tenant's ancestors' (the city departments). */
  assignableGroups() {
    return ok(this.http.GET('/api/groups', { params: { query: { assignable: 'true' } } }));
  }

  /** 离岗代理: the periods the caller may see (their own, those they stand in for, an administrator's units'). */
  leaveProxies() {
    return ok(this.http.GET('/api/leave-proxies'));
  }

  /** A person's current or coming 离岗代理 and their open personal tasks (default: the caller). */
  leaveProxyStatus(user?: string) {
    return ok(this.http.GET('/api/leave-proxies/status', { params: { query: user ? { user } : {} } }));
  }

  setLeaveProxy(body: BodyOf<'/api/leave-proxies', 'post'>) {
    return ok(this.http.POST('/api/leave-proxies', { body }));
  }

  cancelLeaveProxy(id: number) {
    return ok(this.http.POST('/api/leave-proxies/{id}/cancel', { params: { path: { id: String(id) } }, body: {} }));
  }

  /** People the caller may hand work to or copy, found by a part of the name or account. */
  people(q: string) {
    return ok(this.http.GET('/api/people', { params: { query: { q } } }));
  }

  /** Users visible to the caller (e.g. who signs a 会签 step). */
  users() {
    return ok(this.http.GET('/api/users'));
  }

  /** When a working-time deadline counted from now falls due on the tenant's calendar (and its warning). */
  deadlinePreview(tenant: string, duration: string, warning?: string) {
    return ok(
      this.http.GET('/api/calendars/{tenant}/preview', {
        params: { path: { tenant }, query: { duration, ...(warning ? { warning } : {}) } },
      }),
    );
  }

  /** Evaluates a deployed decision table with the given variables: the rules that matched and the result. */
  evaluateDecision(definitionId: string, inputs: Record<string, unknown>) {
    return ok(this.http.POST('/api/decision-definitions/{id}/evaluate', { ...byId(definitionId), body: { inputs } }));
  }

  async form(definitionId: string) {
    return (await ok(this.http.GET('/api/form-definitions/{id}', byId(definitionId)))).form;
  }

  tenants() {
    return ok(this.http.GET('/api/tenants'));
  }

  // ── the business calendar ──
  calendarDays(tenant: string, from: string, to: string) {
    return ok(this.http.GET('/api/calendars/{tenant}/days', { params: { path: { tenant }, query: { from, to } } }));
  }

  setCalendarDays(
    tenant: string,
    days: Array<{ date: string; kind: 'workday' | 'holiday' | 'inherit'; name?: string }>,
  ) {
    return ok(this.http.PUT('/api/calendars/{tenant}/days', { params: { path: { tenant } }, body: { days } }));
  }

  /** Parses (dryRun) or loads a year's schedule from the State Council notice's text, or an ICS/JSON file. */
  loadCalendarYear(tenant: string, year: number, text: string, dryRun: boolean) {
    return ok(
      this.http.POST('/api/calendars/{tenant}/years/{year}/notice', {
        params: { path: { tenant, year: String(year) } },
        body: { text, dryRun },
      }),
    );
  }

  // ── 故障案件: incidents ──
  /** Open incidents of the caller's subtree, each with its step's name and the case's tracking number. */
  incidents(filter: { process?: string; elementId?: string; definition?: string } = {}) {
    return ok(
      this.http.GET('/api/incidents', {
        params: { query: { status: 'open', named: 'true', limit: '200', ...filter } },
      }),
    );
  }

  incident(id: string) {
    return ok(this.http.GET('/api/incidents/{id}', byId(id)));
  }

  /** Sets the variables (if any) and runs the stopped step again; the reason goes to the audit trail. */
  retryIncident(id: string, variables: Record<string, unknown>, reason: string) {
    const body = { ...(Object.keys(variables).length > 0 ? { variables } : {}), ...(reason ? { reason } : {}) };
    return ok(this.http.POST('/api/incidents/{id}/retry', { ...byId(id), body }));
  }

  /** Moves a case's token from one step to another (administrators), for a reason. */
  moveCase(caseId: string, from: string, to: string, reason: string) {
    return ok(
      this.http.POST('/api/process-instances/{id}/move', {
        ...byId(caseId),
        body: { cancel: [from], activate: [to], reason },
      }),
    );
  }

  nextCalendarYear(tenant: string) {
    return ok(this.http.GET('/api/calendars/{tenant}/next-year', { params: { path: { tenant } } }));
  }
}
