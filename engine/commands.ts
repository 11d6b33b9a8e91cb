export type Variables = Record<string, unknown>;

/** Imperative requests to an instance. Each is validated against the state before anything changes. */
export type Command =
  | { type: 'startInstance'; startEventId?: string; variables?: Variables }
  | { type: 'completeTask'; taskId: number; variables?: Variables }
  | { type: 'completeJob'; jobId: number; variables?: Variables; result?: JobResult }
  | { type: 'failJob'; jobId: number; retries: number; errorMessage?: string }
  | { type: 'throwError'; waitId: number; errorCode: string; errorMessage?: string; variables?: Variables }
  | { type: 'fireTimer'; timerId: number }
  | { type: 'correlateMessage'; name: string; correlationKey?: string; variables?: Variables }
  /** A broadcast signal reaches every subscription of its name in the instance. */
  | { type: 'broadcastSignal'; name: string; variables?: Variables }
  | { type: 'completeCall'; callId: number; variables?: Variables }
  | { type: 'terminateCall'; callId: number }
  | { type: 'setVariables'; variables: Variables }
  | { type: 'resolveIncident'; incidentId: number; retries?: number }
  | { type: 'moveTokens'; cancel: string[]; activate: string[]; variables?: Variables }
  | { type: 'cancelInstance' }
  /** 退回: the task goes back to an earlier step its definition allows; the case's data stays. */
  | { type: 'returnTask'; taskId: number; targetElementId: string; reason: string }
  /** 退单: the department (`department`) refuses a referral; the case goes back to the dispatch step. */
  | { type: 'refuseTask'; taskId: number; department: string; reason: string }
  /** 撤回: the completer of `targetElementId` takes it back from the task that followed it. */
  | { type: 'withdrawTask'; taskId: number; targetElementId: string }
  /** 加签: more items (signers) join the running countersign that `taskId` is one signer's part of. */
  | { type: 'addSigners'; taskId: number; items: unknown[]; reason?: string }
  /** 减签: signers not yet done leave it; the completion condition is evaluated again. */
  | { type: 'removeSigners'; taskId: number; items: unknown[]; reason?: string };

/**
 * Zeebe's job result for an ad-hoc subprocess's job (the job worker implementation): the inner
 * elements to activate (each with variables of its own), and whether the subprocess is done.
 */
export interface JobResult {
  activateElements?: Array<{ elementId: string; variables?: Variables }>;
  isCompletionConditionFulfilled?: boolean;
  isCancelRemainingInstances?: boolean;
}

export type CommandType = Command['type'];

export type RejectionCode =
  | 'INSTANCE_NOT_ACTIVE'
  | 'INSTANCE_ALREADY_STARTED'
  | 'START_EVENT_INVALID'
  | 'WAIT_NOT_FOUND'
  | 'WRONG_WAIT_KIND'
  | 'MESSAGE_NOT_CORRELATED'
  | 'SIGNAL_NOT_CAUGHT'
  | 'INCIDENT_NOT_FOUND'
  | 'ELEMENT_NOT_FOUND'
  | 'ELEMENT_NOT_ACTIVE'
  | 'MOVE_INVALID'
  | 'VARIABLES_INVALID'
  | 'RETURN_NOT_ALLOWED'
  | 'REFUSE_NOT_ALLOWED'
  | 'WITHDRAW_NOT_ALLOWED'
  | 'SIGNERS_NOT_ALLOWED'
  | 'SIGNERS_INVALID'
  | 'SIGNER_DUPLICATE'
  | 'SIGNER_NOT_FOUND'
  | 'SIGNER_COMPLETED'
  | 'SIGNER_LAST';

/** A command that does not fit the state. Thrown before any change: the caller's state is untouched. */
export class CommandRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandRejected';
  }
}
