import type { Variables } from './commands.js';

/** Instructions for the runtime, performed in the same transaction as the new state. */
export type Effect =
  | CreateTaskEffect
  | { type: 'cancelTask'; taskId: number }
  | {
      type: 'createJob';
      jobId: number;
      elementId: string;
      jobType: string;
      retries: number;
      headers: Record<string, string>;
    }
  | { type: 'cancelJob'; jobId: number }
  | ScheduleTimerEffect
  | { type: 'cancelTimer'; timerId: number }
  | {
      type: 'openSubscription';
      subscriptionId: number;
      elementId: string;
      messageName: string;
      correlationKey?: string;
    }
  | { type: 'closeSubscription'; subscriptionId: number }
  | { type: 'openSignalSubscription'; subscriptionId: number; elementId: string; signalName: string }
  | { type: 'closeSignalSubscription'; subscriptionId: number }
  /** A thrown signal: the runtime broadcasts it to the tenant and the tenants below it. */
  | { type: 'broadcastSignal'; elementId: string; signalName: string; variables: Variables }
  | { type: 'startCallActivity'; callId: number; elementId: string; processId: string; variables: Variables }
  | { type: 'cancelCallActivity'; callId: number }
  | { type: 'publishMessage'; elementId: string; messageName: string; correlationKey?: string; variables: Variables };

export interface ScheduleTimerEffect {
  type: 'scheduleTimer';
  timerId: number;
  elementId: string;
  dueAt: string;
  /** civic: the working-unit duration the due instant was counted from (e.g. `3 workDay`). */
  deadline?: string;
  /** civic: the calendar it was counted on, when not the tenant's own. */
  calendar?: string;
}

export interface CreateTaskEffect {
  type: 'createTask';
  taskId: number;
  elementId: string;
  name?: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueAt?: string;
  followUpAt?: string;
  priority: number;
  formId?: string;
  /** civic: working-unit deadline text (e.g. `5 workDay`), resolved by the runtime's calendar. */
  deadline?: string;
  warning?: string;
  calendar?: string;
  deadlineStart?: 'created' | 'claimed';
}

export type EffectType = Effect['type'];

/** The history trace: what happened, in order. */
export interface EngineEvent {
  type: EngineEventType;
  at: string;
  el?: string;
  data?: Record<string, unknown>;
}

export type EngineEventType =
  | 'instanceStarted'
  | 'instanceCompleted'
  | 'instanceTerminated'
  | 'elementActivated'
  | 'elementCompleted'
  | 'elementTerminated'
  | 'flowTaken'
  | 'taskCreated'
  | 'taskCompleted'
  | 'jobCreated'
  | 'jobCompleted'
  | 'jobFailed'
  | 'timerFired'
  | 'messageSubscribed'
  | 'messageCorrelated'
  | 'messagePublished'
  | 'signalSubscribed'
  | 'signalCaught'
  | 'signalThrown'
  | 'callStarted'
  | 'callCompleted'
  | 'decisionEvaluated'
  | 'errorThrown'
  | 'errorCaught'
  | 'escalationThrown'
  | 'escalationCaught'
  | 'compensationThrown'
  | 'variablesUpdated'
  | 'incidentRaised'
  | 'incidentResolved'
  | 'tokensMoved'
  | 'taskReturned'
  | 'taskRefused'
  | 'taskWithdrawn'
  | 'signersAdded'
  | 'signersRemoved';
