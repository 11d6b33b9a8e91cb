import {
  hasRole,
  maySetVariablesBy,
  requireRole,
  type requireTenantAccess,
  requireVisibleTenant,
  whereCaseReadable,
} from '../auth/index.js';
import { MAX_MESSAGE_TTL_MS, correlateMessage, waitingCases } from '../execution/messages.js';
import { broadcastSignal } from '../execution/signals.js';
import { ApiError, notFound } from '../platform/http/errors.js';
import { parseChildId } from '../platform/ids.js';
import { acquireJobs, type JobRow } from '../jobs/acquire.js';
import { completeOrFailJob, isJobIncident, jobVariables, requeueFailedJob, throwJobError } from '../jobs/executor.js';
import { parseState } from '../execution/instance-row.js';
import { ControlledClock } from '../platform/clock.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import {
  anyObject,
  arrayOf,
  idSchema,
  integerType,
  limitOf,
  limitSchema,
  objectOf,
  stringOrNull,
  stringType,
  variablesSchema,
} from '../platform/http/schemas.js';
import { INCIDENT_DETAIL, incidentDetail, withNames, type IncidentRow } from './incident-detail.js';

/**
 * Zeebe's job result for an ad-hoc subprocess's job (the job worker implementation, e.g. an AI
 * agent): the inner elements to activate, each with its variables, and whether it is done.
 */
const JOB_RESULT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { type: 'string', maxLength: 40 },
    activateElements: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['elementId'],
        additionalProperties: false,
        properties: { elementId: { type: 'string', minLength: 1, maxLength: 255 }, variables: variablesSchema },
      },
    },
    isCompletionConditionFulfilled: { type: 'boolean' },
    isCancelRemainingInstances: { type: 'boolean' },
  },
} as const;

/** Messages, incidents, external job workers and the controlled clock. */
export function operationRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'post',
      path: '/api/messages',
      tag: 'messages',
      summary: 'Publish a message to the waiting cases (and message start events) of a tenant',
      response: objectOf({
        correlated: arrayOf(objectOf({ instanceId: stringType, elementId: stringType })),
        started: arrayOf(objectOf({ instanceId: stringType, processKey: stringType })),
      }),
      body: {
        type: 'object',
        required: ['name', 'tenant'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          correlationKey: { type: 'string', maxLength: 200 },
          tenant: idSchema,
          variables: variablesSchema,
          // Zeebe's timeToLive: how long (ms) the message waits for cases that subscribe later.
          timeToLive: { type: 'integer', minimum: 0, maximum: MAX_MESSAGE_TTL_MS },
        },
      },
      async handler({ deps, principal, body }) {
        await requireVisibleTenant(principal, deps.tenants, body.tenant);
        const message = {
          tenant: body.tenant,
          name: body.name,
          variables: body.variables ?? {},
          ...(body.correlationKey !== undefined ? { correlationKey: body.correlationKey } : {}),
          ...(body.timeToLive ? { timeToLive: body.timeToLive } : {}),
        };
        return deps.commands.transact(async (unit) => {
          // Variables decide where a case goes next (`approved: true`): only integrations, administrators and the case's own handlers set them.
          if (Object.keys(message.variables).length > 0) {
            const knex = await unit.knex();
            const reached = await waitingCases(knex, message);
            if (!(await maySetVariablesBy(knex, deps.db.dialect, principal, reached))) {
              throw new ApiError(
                403,
                'FORBIDDEN',
                'publishing a message with variables needs the integration role, an administrator, or an open task of every case it reaches; publish it without variables',
              );
            }
          }
          return correlateMessage(unit, message);
        });
      },
    },
    {
      method: 'post',
      path: '/api/signals',
      tag: 'messages',
      summary: 'Broadcast a signal to the waiting cases and signal start events of a tenant and every tenant below it',
      response: objectOf({
        caught: arrayOf(objectOf({ instanceId: stringType, elementId: stringType, tenant: stringType })),
        started: arrayOf(objectOf({ instanceId: stringType, processKey: stringType, tenant: stringType })),
      }),
      body: {
        type: 'object',
        required: ['signalName', 'tenant'],
        additionalProperties: false,
        properties: {
          signalName: { type: 'string', minLength: 1, maxLength: 200 },
          tenant: idSchema,
          variables: variablesSchema,
        },
      },
      async handler({ deps, principal, body }) {
        // A signal reaches every case of a subtree and starts processes: integrations and administrators throw it.
        requireRole(principal, 'integration');
        await requireVisibleTenant(principal, deps.tenants, body.tenant);
        return deps.commands.transact((unit) =>
          broadcastSignal(unit, { tenant: body.tenant, name: body.signalName, variables: body.variables ?? {} }),
        );
      },
    },
    {
      method: 'get',
      path: '/api/incidents',
      tag: 'incidents',
      summary: 'Incidents visible to the caller',
      response: arrayOf(
        objectOf({
          id: stringType,
          processInstanceId: stringType,
          tenant: stringType,
          elementId: stringOrNull,
          code: stringType,
          message: stringType,
          status: { enum: ['open', 'resolved'] },
          createdAt: stringType,
          resolvedAt: stringOrNull,
          'stepName?': stringType,
          'title?': stringType,
          'trackingNo?': stringOrNull,
        }),
      ),
      query: {
        properties: {
          tenant: idSchema,
          status: { enum: ['open', 'resolved'] },
          processInstanceId: { type: 'string', maxLength: 40 },
          process: { type: 'string', maxLength: 128, description: 'the incidents of the cases of this process (key)' },
          definition: { type: 'string', maxLength: 40, description: 'with process: of the cases of this version' },
          elementId: { type: 'string', maxLength: 128, description: 'the incidents at this element (流程监控)' },
          limit: limitSchema,
          named: { enum: ['true'] },
        },
      },
      async handler({ deps, principal, query, locale }) {
        let q = whereCaseReadable(
          deps.db
            .knex('incidents')
            .whereIn('tenant_id', [...principal.subtree])
            .where({ status: query.status ?? 'open' }),
          deps.db.knex,
          deps.db.dialect,
          'incidents.instance_id',
          principal,
        );
        if (query.tenant) q = q.where({ tenant_id: query.tenant });
        if (query.processInstanceId) q = q.where({ instance_id: query.processInstanceId });
        if (query.elementId) q = q.where({ element_id: query.elementId });
        if (query.process)
          q = q.whereExists((e) => {
            e.select(deps.db.knex.raw('1'))
              .from('instances as pi')
              .whereRaw('pi.id = incidents.instance_id')
              .where('pi.process_key', query.process!);
            if (query.definition) e.where('pi.definition_id', query.definition);
          });
        const rows = (await q.orderBy('created_at', 'desc').limit(limitOf(query.limit))) as IncidentRow[];
        const plain = rows.map((r) => ({
          id: r.id,
          processInstanceId: r.instance_id,
          tenant: r.tenant_id,
          elementId: r.element_id,
          code: r.code,
          message: r.message,
          status: r.status,
          createdAt: r.created_at,
          resolvedAt: r.resolved_at,
        }));
        // named=true: each with its step's name, a title in the caller's language and the case's tracking number (the incidents screen).
        return query.named ? withNames(deps, plain, locale) : plain;
      },
    },
    {
      method: 'get',
      path: '/api/incidents/:id',
      tag: 'incidents',
      summary:
        'One incident for the administrator: the step by name, what happened in plain words, the variables it read, where the case may be moved',
      response: INCIDENT_DETAIL,
      handler: ({ deps, principal, params, locale }) => incidentDetail(deps, principal, params.id!, locale),
    },
    {
      method: 'post',
      path: '/api/incidents/:id/retry',
      tag: 'incidents',
      summary: 'Resolve an incident and retry the step',
      response: objectOf({ id: stringType, status: { const: 'resolved' } }),
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          retries: { type: 'integer', minimum: 1, maximum: 100 },
          variables: variablesSchema,
          reason: { type: 'string', maxLength: 500 },
        },
      },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        const incident = await deps.db.knex('incidents').where({ id: params.id }).first();
        if (!incident || !principal.subtree.has(incident.tenant_id)) throw notFound('incident', params.id!);
        if (incident.status !== 'open')
          throw new ApiError(409, 'INCIDENT_NOT_OPEN', `incident ${params.id} is already ${incident.status}`);
        if (isJobIncident(incident.id)) {
          await retryFailedJob(deps, incident, body.retries ?? 1, body.variables, principal.username);
          return { id: incident.id, status: 'resolved' };
        }
        const local = parseChildId(incident.id)!.localId;
        await deps.commands.transact(async (unit) => {
          if (body.variables)
            await unit.execute(
              incident.instance_id,
              { type: 'setVariables', variables: body.variables },
              principal.username,
            );
          await unit.execute(
            incident.instance_id,
            { type: 'resolveIncident', incidentId: local, ...(body.retries ? { retries: body.retries } : {}) },
            principal.username,
          );
        });
        return { id: incident.id, status: 'resolved' };
      },
    },
    {
      method: 'post',
      path: '/api/jobs/activate',
      tag: 'jobs',
      summary: 'External workers: lock and fetch jobs of a type',
      response: arrayOf(
        objectOf({
          id: stringType,
          type: stringType,
          processInstanceId: stringType,
          elementId: stringType,
          tenant: stringType,
          retries: integerType,
          headers: anyObject,
          variables: anyObject,
        }),
      ),
      body: {
        type: 'object',
        required: ['type', 'worker'],
        additionalProperties: false,
        properties: {
          type: { type: 'string', minLength: 1, maxLength: 128 },
          worker: idSchema,
          lockDurationMs: { type: 'integer', minimum: 1000, maximum: 3_600_000 },
          maxJobs: { type: 'integer', minimum: 1, maximum: 100 },
        },
      },
      async handler({ deps, principal, body }) {
        requireRole(principal, 'tenant-admin', 'staff');
        const now = deps.clock.now();
        const jobs = await acquireJobs(deps.db.knex, deps.db.dialect, {
          owner: workerOwner(body.worker),
          now,
          lockUntil: new Date(Date.parse(now) + (body.lockDurationMs ?? 60_000)).toISOString(),
          limit: body.maxJobs ?? 10,
          serviceTypes: [],
          onlyTypes: [body.type],
          tenants: [...principal.subtree],
        });
        return Promise.all(
          jobs.map(async (j) => {
            const instance = await deps.db.knex('instances').where({ id: j.instance_id }).first();
            return {
              id: j.id,
              type: j.job_type,
              processInstanceId: j.instance_id,
              elementId: j.element_id,
              tenant: j.tenant_id,
              retries: j.retries,
              headers: j.headers ? JSON.parse(j.headers) : {},
              variables: instance ? jobVariables(parseState(instance), parseChildId(j.id)!.localId) : {},
            };
          }),
        );
      },
    },
    {
      method: 'post',
      path: '/api/jobs/:id/complete',
      tag: 'jobs',
      summary: 'External workers: complete a locked job',
      response: objectOf({ id: stringType, status: { const: 'completed' } }),
      body: {
        type: 'object',
        required: ['worker'],
        additionalProperties: false,
        properties: { worker: idSchema, variables: variablesSchema, result: JOB_RESULT_SCHEMA },
      },
      async handler({ deps, principal, params, body }) {
        const job = await visibleJob(deps, principal, params.id!);
        await completeOrFailJob(
          deps.commands,
          job,
          workerOwner(body.worker),
          body.variables ?? {},
          undefined,
          undefined,
          undefined,
          body.result,
        );
        return { id: job.id, status: 'completed' };
      },
    },
    {
      method: 'post',
      path: '/api/jobs/:id/fail',
      tag: 'jobs',
      summary: 'External workers: report a failure (retries left, or an incident)',
      response: objectOf({ id: stringType, status: { enum: ['retrying', 'incident'] } }),
      body: {
        type: 'object',
        required: ['worker', 'retries'],
        additionalProperties: false,
        properties: {
          worker: idSchema,
          retries: { type: 'integer', minimum: 0, maximum: 100 },
          errorMessage: { type: 'string', maxLength: 2000 },
          retryBackoffMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
        },
      },
      async handler({ deps, principal, params, body }) {
        const job = await visibleJob(deps, principal, params.id!);
        await completeOrFailJob(
          deps.commands,
          job,
          workerOwner(body.worker),
          undefined,
          body.errorMessage ?? 'failed',
          body.retries,
          body.retryBackoffMs ?? 0,
        );
        return { id: job.id, status: body.retries > 0 ? 'retrying' : 'incident' };
      },
    },
    {
      method: 'post',
      path: '/api/jobs/:id/throw-error',
      tag: 'jobs',
      summary: 'External workers: throw a BPMN error from a job',
      response: objectOf({ id: stringType, status: { const: 'error-thrown' } }),
      body: {
        type: 'object',
        required: ['worker', 'errorCode'],
        additionalProperties: false,
        properties: {
          worker: idSchema,
          errorCode: { type: 'string', minLength: 1, maxLength: 128 },
          errorMessage: { type: 'string', maxLength: 2000 },
          variables: variablesSchema,
        },
      },
      async handler({ deps, principal, params, body }) {
        const job = await visibleJob(deps, principal, params.id!);
        await throwJobError(
          deps.commands,
          job,
          workerOwner(body.worker),
          body.worker,
          {
            errorCode: body.errorCode,
            ...(body.errorMessage ? { errorMessage: body.errorMessage } : {}),
            variables: body.variables ?? {},
          },
          principal.username,
        );
        return { id: job.id, status: 'error-thrown' };
      },
    },
  );
}

const workerOwner = (worker: string) => `worker:${worker}`;

async function visibleJob(
  deps: Parameters<RuntimeApi['mount']>[1],
  principal: Parameters<typeof requireTenantAccess>[0],
  id: string,
): Promise<JobRow> {
  const job = (await deps.db.knex('jobs').where({ id, kind: 'service' }).first()) as JobRow | undefined;
  if (!job || !principal.subtree.has(job.tenant_id)) throw notFound('job', id);
  return job;
}

/** `POST /api/admin/clock`: mounted only when CIVICFLOW_CONTROLLED_CLOCK=true. */
export function clockRoutes(api: RuntimeApi): void {
  api.add({
    method: 'post',
    path: '/api/admin/clock',
    tag: 'admin',
    summary: 'Set or advance the controlled clock (only with CIVICFLOW_CONTROLLED_CLOCK=true)',
    response: objectOf({ now: stringType }),
    body: {
      type: 'object',
      additionalProperties: false,
      properties: { now: { type: 'string', maxLength: 40 }, advance: { type: 'string', maxLength: 40 } },
    },
    async handler({ deps, principal, body }) {
      if (!(deps.clock instanceof ControlledClock))
        throw new ApiError(404, 'NOT_FOUND', 'the clock is not controlled on this server');
      if (!hasRole(principal)) throw new ApiError(403, 'FORBIDDEN', 'only an administrator may move the clock');
      try {
        if (body.now) deps.clock.set(body.now);
        if (body.advance) deps.clock.advance(body.advance);
      } catch (err) {
        throw new ApiError(400, 'CLOCK_INVALID', (err as Error).message);
      }
      return { now: deps.clock.now() };
    },
  });
}

/** A job that ran out of retries (JOB_FAILED): it gets retries again and is due now; the incident is resolved. */
async function retryFailedJob(
  deps: Deps,
  incident: { id: string; instance_id: string },
  retries: number,
  variables: Record<string, unknown> | undefined,
  actor: string,
): Promise<void> {
  await deps.commands.transact(async (unit) => {
    if (variables) await unit.execute(incident.instance_id, { type: 'setVariables', variables }, actor);
    requeueFailedJob(unit.tx, incident.id, retries, unit.now);
  });
}
