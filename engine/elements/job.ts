import type { FlowNode, JobSpec } from '../../definitions/index.js';
import type { Execution } from '../kernel/execution.js';
import type { Token, WaitRole } from '../state.js';

/** Opens a job for an external worker or built-in handler (Zeebe's job-based elements). */
export function openJob(ctx: Execution, token: Token, node: FlowNode, job: JobSpec, role: WaitRole = 'self'): void {
  const type = ctx.evalOrIncident(token, job.type, 'job type');
  if (!type) return;
  const retriesValue = ctx.jobRetriesOverride ?? ctx.evalOrIncident(token, job.retries, 'job retries')?.value;
  if (retriesValue === undefined) return;
  const retries = Number(retriesValue);
  if (!Number.isInteger(retries) || retries < 0) {
    ctx.raiseIncident(token, 'INVALID_VALUE', `job retries ${JSON.stringify(retriesValue)} is not a whole number`);
    return;
  }
  const jobType = String(type.value);
  ctx.openWait({ kind: 'job', role, el: node.id, token: token.id, scope: token.scope, retries }, (id) => ({
    type: 'createJob',
    jobId: id,
    elementId: node.id,
    jobType,
    retries,
    headers: job.headers,
  }));
  ctx.emit('jobCreated', node.id, { jobType });
}
