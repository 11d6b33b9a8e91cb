import type { FormSource } from './forms/form-model.js';
import type { Locale } from './i18n.js';

export interface Problem {
  resource?: string;
  code: string;
  elementId?: string;
  elementKind?: string;
  message: string;
  path?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export interface ProcessDefinition {
  id: string;
  key: string;
  version: number;
  tenant: string;
  name: string | null;
}

export interface Tenant {
  id: string;
  name: string;
  parentId: string | null;
}

export interface Group {
  id: string;
  name: string;
  tenantId: string;
}

export interface Task {
  id: string;
  elementId: string;
  name: string | null;
  processInstanceId: string;
  tenant: string;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string | null;
  light: 'green' | 'yellow' | 'red' | null;
  createdAt: string;
  deadline?: string;
  /** The due date leans on a year whose holiday schedule is not loaded: counted on the statutory holidays for now. */
  provisional?: boolean;
}

export interface HistoryEvent {
  type: string;
  elementId: string | null;
  at: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface ExtensionRequest {
  id: string;
  taskId: string;
  processInstanceId: string;
  tenant: string;
  requestedBy: string;
  reason: string;
  previousDueAt: string | null;
  extendBy: string | null;
  requestedDueAt: string | null;
  status: string;
  createdAt: string;
}

export interface TaskForm {
  formId: string | null;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  data: Record<string, unknown>;
  /** The case's data captured by earlier steps, read-only, under the step's field permissions. */
  caseData: CaseStepData[];
  case: { id: string; trackingNo: string | null; tenant: string };
  draft: { data: Record<string, unknown>; updatedAt: string } | null;
}

export interface CaseStepData {
  elementId: string;
  name: string;
  taskId: string;
  status: string;
  completedBy: string | null;
  completedAt: string | null;
  fields: Array<{ key: string; label: string; value: unknown }>;
}

export interface CaseOpinion {
  id: string;
  stepName: string | null;
  author: string;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface CaseSearchResult {
  total: number;
  /** More cases match than `total` counts: the query should be narrowed. */
  more: boolean;
  page: number;
  pageSize: number;
  items: Array<{ id: string; trackingNo: string | null; title: string; status: 'active' | 'completed' | 'terminated'; light: 'green' | 'yellow' | 'red' | null; createdAt: string }>;
}

/** `GET /api/cases/:id`: the case file (一案一卷). */
export interface CaseFile {
  id: string;
  trackingNo: string | null;
  tenant: { id: string; name: string };
  processName: string;
  version: number;
  status: 'active' | 'completed' | 'terminated';
  channel: string | null;
  enterprise: string | null;
  category: string | null;
  appellant: { name: string | null; phone: string | null; description: string | null };
  createdAt: string;
  endedAt: string | null;
  currentSteps: Array<{ taskId: string; elementId: string; name: string; assigneeName: string | null; departments: string[]; dueAt: string | null; light: 'green' | 'yellow' | 'red' }>;
  steps: Array<{ taskId: string; name: string; status: string; departments: string[]; handler: string | null; createdAt: string; completedAt: string | null; dueAt: string | null; onTime: boolean | null }>;
  data: CaseStepData[];
  opinions: CaseOpinion[];
  timeline: Array<{ at: string; actor: string | null; text: string }>;
  diagram: { elements: Array<{ id: string; state: 'completed' | 'active' | 'overdue' | 'incident'; times: number }> };
}

export interface Dashboard {
  tenant: string;
  now: string;
  since: string;
  cases: { active: number; completed: number; terminated: number };
  openTasks: { total: number; green: number; yellow: number; red: number };
  byStep: Array<{ elementId: string; name: string | null; open: number; overdue: number }>;
  byDepartment: Array<{ group: string; name: string | null; open: number; overdue: number }>;
  byTenant: Array<{ tenant: string; name: string | null; activeCases: number; openTasks: number; overdue: number }>;
  loop: { completedCases: number; averageHours: number | null; medianHours: number | null; tasksCompleted: number; tasksOnTime: number; onTimeRate: number | null };
}

export interface Enterprise {
  id: string;
  tenantId: string;
  name: string;
  creditCode: string | null;
  contact: string | null;
  intakeUrl: string;
}

export interface PublicIntake {
  tenant: { id: string; name: string };
  enterprise: { id: string; name: string } | null;
  form: { schema: Record<string, unknown>; uiSchema: Record<string, unknown> };
}

export interface AppealStatus {
  trackingNo: string;
  tenant: { id: string; name: string };
  status: 'active' | 'completed' | 'terminated';
  category: string | null;
  submittedAt: string;
  endedAt: string | null;
  steps: Array<{ name: string; dueAt: string | null }>;
}

/** The endpoints that need no account: the intake form, submitting an appeal, following it. */
export const publicApi = {
  intake(tenant: string, enterprise: string | null, locale: Locale): Promise<PublicIntake> {
    return request('GET', `/api/public/intake/${encodeURIComponent(tenant)}${enterprise ? `?enterprise=${encodeURIComponent(enterprise)}` : ''}`, undefined, { 'accept-language': locale });
  },
  submit(tenant: string, data: Record<string, unknown>, enterprise: string | null, locale: Locale): Promise<{ trackingNo: string }> {
    return request('POST', `/api/public/intake/${encodeURIComponent(tenant)}`, { data, ...(enterprise ? { enterprise } : {}) }, { 'accept-language': locale });
  },
  follow(trackingNo: string, phone: string, locale: Locale): Promise<AppealStatus> {
    return request('GET', `/api/public/appeals/${encodeURIComponent(trackingNo)}?phone=${encodeURIComponent(phone)}`, undefined, { 'accept-language': locale });
  },
};

export interface Me {
  username: string;
  displayName: string;
  tenant: string;
  roles: string[];
  groups: string[];
}

export interface CalendarDay {
  date: string;
  weekday: number;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeupWorkday';
  working: boolean;
  name?: string;
  source: 'official' | 'extraYear' | 'override' | 'weekly' | 'provisional';
  provisional?: boolean;
  setBy?: string;
}

export interface CalendarDays {
  tenant: string;
  validThrough: string;
  missingYears: number[];
  days: CalendarDay[];
}

export interface LoadedYear {
  year: number;
  format: 'notice' | 'ics' | 'json';
  source: string | null;
  holidays: Record<string, string>;
  makeupWorkdays: Record<string, string>;
  festivals?: Array<{ title: string; from: string; to: string; days: number; makeupWorkdays: string[] }>;
  saved: boolean;
  recounted?: { tasks: number; timers: number };
}

export interface NextYearStatus {
  /** Today on the server's clock (Asia/Shanghai). */
  today: string;
  nextYear: number;
  missing: boolean;
  warn: boolean;
}

export type DefinitionKind = 'process' | 'form' | 'decision';

type Deployed = Array<{ id: string; key: string; version: number; tenant: string }>;

export interface Deployment {
  id: string;
  processes: Deployed;
  forms: Deployed;
  decisions: Deployed;
}

/** The REST API as the designer uses it (bearer token, errors as ApiError with the API's code and problems). */
export class Api {
  constructor(
    private readonly token: string,
    private readonly locale: () => Locale,
  ) {}

  static async login(username: string, password: string): Promise<string> {
    const body = await request<{ token: string }>('POST', '/api/auth/login', { username, password });
    return body.token;
  }

  me(): Promise<Me> {
    return this.call('GET', '/api/me');
  }

  enterprises(): Promise<Enterprise[]> {
    return this.call('GET', '/api/enterprises');
  }

  addEnterprise(e: { name: string; tenantId: string; creditCode?: string }): Promise<Enterprise> {
    return this.call('POST', '/api/enterprises', e);
  }

  /** The enterprise's QR code as an object URL for an <img> (the request needs the token). */
  async enterpriseQr(id: string): Promise<string> {
    return URL.createObjectURL(await (await this.raw(`/api/enterprises/${encodeURIComponent(id)}/qr.svg`)).blob());
  }

  dashboard(): Promise<Dashboard> {
    return this.call('GET', '/api/dashboard');
  }

  /** Open tasks the caller may work on (its groups' and its own), oldest first as the API lists them. */
  openTasks(): Promise<Task[]> {
    return this.call('GET', '/api/tasks?status=open');
  }

  /** The audit trail of a case, in order. */
  async history(caseId: string): Promise<HistoryEvent[]> {
    return (await this.call<{ events: HistoryEvent[] }>('GET', `/api/process-instances/${encodeURIComponent(caseId)}/history`)).events;
  }

  /** Open overdue tasks the caller may see, the most overdue first. */
  overdueTasks(): Promise<Task[]> {
    return this.call('GET', '/api/tasks?status=open&light=red&sort=dueAt&limit=20');
  }

  /** 催办: a notification to the task's handlers. */
  urge(taskId: string): Promise<unknown> {
    return this.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/urge`, {});
  }

  pendingExtensions(): Promise<ExtensionRequest[]> {
    return this.call('GET', '/api/extension-requests?status=pending');
  }

  decideExtension(id: string, approve: boolean): Promise<unknown> {
    return this.call('POST', `/api/extension-requests/${encodeURIComponent(id)}/${approve ? 'approve' : 'reject'}`, {});
  }

  /** 延期申请: more working time for a task, for a reason (a supervisor decides). */
  requestExtension(taskId: string, reason: string, extendBy: string): Promise<unknown> {
    return this.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/extension-requests`, { reason, extendBy });
  }

  taskForm(taskId: string): Promise<TaskForm> {
    return this.call('GET', `/api/tasks/${encodeURIComponent(taskId)}/form`);
  }

  claim(taskId: string): Promise<unknown> {
    return this.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/claim`, {});
  }

  unclaim(taskId: string): Promise<unknown> {
    return this.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/unclaim`, {});
  }

  complete(taskId: string, variables: Record<string, unknown>, opinion?: string): Promise<unknown> {
    return this.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, { variables, ...(opinion ? { opinion } : {}) });
  }

  saveDraft(taskId: string, data: Record<string, unknown>): Promise<unknown> {
    return this.call('PUT', `/api/tasks/${encodeURIComponent(taskId)}/draft`, { data });
  }

  /** 案件查询: the cases the caller may see matching the filters (empty ones left out). */
  searchCases(filters: Record<string, string>): Promise<CaseSearchResult> {
    const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
    return this.call('GET', `/api/cases?${qs.toString()}`);
  }

  caseFile(caseId: string): Promise<CaseFile> {
    return this.call('GET', `/api/cases/${encodeURIComponent(caseId)}`);
  }

  async caseDiagram(caseId: string): Promise<string> {
    return (await this.raw(`/api/cases/${encodeURIComponent(caseId)}/diagram`)).text();
  }

  async casePrint(caseId: string): Promise<string> {
    return (await this.raw(`/api/cases/${encodeURIComponent(caseId)}/print`)).text();
  }

  addCaseOpinion(caseId: string, body: string): Promise<unknown> {
    return this.call('POST', `/api/cases/${encodeURIComponent(caseId)}/opinions`, { body });
  }

  /** The latest version of every process the caller may adjust or inherits: its subtree's and its tenant's ancestors'. */
  /**
   * The latest version of every definition of a kind the caller may adjust or inherits: its
   * subtree's and its tenant chain's (a township sees the city's processes, forms and tables).
   */
  async latest(kind: DefinitionKind, tenant: string): Promise<ProcessDefinition[]> {
    const path = `/api/${kind}-definitions?latest=true`;
    const [subtree, inherited] = await Promise.all([this.call<ProcessDefinition[]>('GET', path), this.call<ProcessDefinition[]>('GET', `${path}&tenant=${encodeURIComponent(tenant)}`)]);
    const byId = new Map([...subtree, ...inherited].map((d) => [d.id, d]));
    return [...byId.values()].sort((a, b) => a.key.localeCompare(b.key) || a.tenant.localeCompare(b.tenant));
  }

  /** A deployed BPMN or DMN document as its XML text. */
  xml(kind: 'process' | 'decision', definitionId: string): Promise<string> {
    return this.raw(`/api/${kind}-definitions/${encodeURIComponent(definitionId)}/xml`).then((res) => res.text());
  }

  /** One resource (`*.bpmn` or `*.dmn` text, `*.form.json` object) deployed for a tenant. */
  deploy(tenant: string, resourceName: string, content: string | FormSource): Promise<Deployment> {
    return this.call('POST', '/api/deployments', { tenant, resources: [{ name: resourceName, content }] });
  }

  /** The groups the caller may make candidates: its subtree's and its tenant's ancestors' (the city departments). */
  assignableGroups(): Promise<Group[]> {
    return this.call('GET', '/api/groups?assignable=true');
  }

  async form(definitionId: string): Promise<FormSource> {
    return (await this.call<{ form: FormSource }>('GET', `/api/form-definitions/${encodeURIComponent(definitionId)}`)).form;
  }

  tenants(): Promise<Tenant[]> {
    return this.call('GET', '/api/tenants');
  }

  // ── the business calendar ──
  calendarDays(tenant: string, from: string, to: string): Promise<CalendarDays> {
    return this.call('GET', `/api/calendars/${encodeURIComponent(tenant)}/days?from=${from}&to=${to}`);
  }

  setCalendarDays(tenant: string, days: Array<{ date: string; kind: 'workday' | 'holiday' | 'inherit'; name?: string }>): Promise<{ recounted: { tasks: number; timers: number } }> {
    return this.call('PUT', `/api/calendars/${encodeURIComponent(tenant)}/days`, { days });
  }

  /** Parses (dryRun) or loads a year's schedule from the State Council notice's text, or an ICS/JSON file. */
  loadCalendarYear(tenant: string, year: number, text: string, dryRun: boolean): Promise<LoadedYear> {
    return this.call('POST', `/api/calendars/${encodeURIComponent(tenant)}/years/${year}/notice`, { text, dryRun });
  }

  nextCalendarYear(tenant: string): Promise<NextYearStatus> {
    return this.call('GET', `/api/calendars/${encodeURIComponent(tenant)}/next-year`);
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return request<T>(method, path, body, this.headers());
  }

  /** A GET whose answer is not JSON (XML, SVG); errors as ApiError. */
  private async raw(path: string): Promise<Response> {
    const res = await fetch(path, { headers: this.headers() });
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'accept-language': this.locale() };
  }
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const { error } = (await res.json()) as { error: { code: string; message: string; problems?: Problem[] } };
    return new ApiError(res.status, error.code, error.message, error.problems ?? []);
  } catch {
    return new ApiError(res.status, 'HTTP_ERROR', `${res.status} ${res.statusText}`);
  }
}
