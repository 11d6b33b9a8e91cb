/**
 * The persisted state of one process instance: plain JSON, small, queryable.
 * Local ids (tokens, scopes, waits, incidents) come from `next`, so runs are deterministic.
 */
export interface InstanceState {
  v: 1;
  processId: string;
  status: InstanceStatus;
  /** The next local id to hand out. */
  next: number;
  scopes: Record<string, ScopeState>;
  tokens: Record<string, Token>;
  waits: Record<string, Wait>;
  incidents: Record<string, Incident>;
  /** Completed activities a compensation throw event may still undo, oldest first. */
  compensable?: CompensableRecord[];
}

/**
 * An activity with a compensation handler that completed in `scope`. When its subprocess
 * completes, the record moves up to the subprocess's scope and `within` names the subprocess.
 */
export interface CompensableRecord {
  el: string;
  /** The handler to run (the activity's compensation boundary event's association). */
  handler: string;
  scope: number;
  within?: string[];
}

export type InstanceStatus = 'active' | 'completed' | 'terminated';

export interface ScopeState {
  id: number;
  /** Parent scope id; null for the process scope. */
  parent: number | null;
  /** The token that owns this scope (subprocess, multi-instance body or local mapping scope). */
  owner?: number;
  vars: Record<string, unknown>;
  /** Set once an interrupting event subprocess has taken over the scope. */
  interrupted?: true;
}

export type TokenPhase = 'ready' | 'waiting' | 'joining' | 'incident';

export interface Token {
  id: number;
  /** The element the token is at. */
  el: string;
  /** The scope the token runs in. */
  scope: number;
  phase: TokenPhase;
  /** The flow the token arrived by (joins count arrivals per flow). */
  via?: string;
  /** Child scope of a subprocess, event subprocess or multi-instance inner instance. */
  child?: number;
  /** Local scope holding input-mapped variables. */
  local?: number;
  /** Set on the inner instances of a multi-instance activity. */
  inner?: true;
  /** An execution listener job runs: which kind, the next to run, and (end) the flows to take after. */
  listener?: { event: 'start' | 'end'; next: number; flows?: string[]; done?: true };
  mi?: MultiInstanceState;
  /** A compensation throw event waits for these handlers to run, in order (the first is running). */
  compensation?: { handlers: string[] };
  /** A compensation handler: the throw event token it runs for. */
  compensates?: number;
  /** An ad-hoc subprocess whose completion condition held: it completes when its last activation does. */
  adHoc?: { completing: true };
}

export interface MultiInstanceState {
  items: unknown[];
  /** Index of the next item to start (sequential) or the count started (parallel). */
  started: number;
  completed: number;
  terminated: number;
  outputs?: unknown[];
  /** 减签: indices of the items removed while the body ran (they count as neither instance nor output). */
  removed?: number[];
}

export type WaitKind = 'task' | 'job' | 'timer' | 'message' | 'signal' | 'call';

/** What a wait triggers when it fires. */
export type WaitRole = 'self' | 'boundary' | 'gateway' | 'eventSubProcess' | 'listener';

/** Something the instance waits for from outside: a task, a job, a timer, a message or a called instance. */
export interface Wait {
  id: number;
  kind: WaitKind;
  role: WaitRole;
  /** The element the wait belongs to (the task, boundary event, catch event or event-subprocess start). */
  el: string;
  /** Owning token; absent for event-subprocess start subscriptions, which belong to a scope. */
  token?: number;
  scope: number;
  dueAt?: string;
  /** Timer cycle: repetitions left (null = unbounded) and the interval. */
  /** `every`: an ISO 8601 duration, or a cron expression (a cron timer cycle). */
  repeat?: { left: number | null; every: string };
  message?: string;
  key?: string;
  signal?: string;
  retries?: number;
}

export interface Incident {
  id: number;
  code: IncidentCode;
  el: string;
  token: number;
  message: string;
  at: string;
}

export type IncidentCode =
  | 'FEEL_ERROR'
  | 'NO_FLOW_TAKEN'
  | 'DMN_NO_MATCH'
  | 'DMN_UNIQUE_VIOLATION'
  | 'DMN_FEEL_ERROR'
  | 'DECISION_NOT_FOUND'
  | 'LOOP_BUDGET_EXCEEDED'
  | 'EVALUATION_LIMIT'
  | 'JOB_NO_RETRIES'
  | 'UNHANDLED_ERROR'
  | 'CALLED_INSTANCE_TERMINATED'
  | 'INVALID_VALUE';
