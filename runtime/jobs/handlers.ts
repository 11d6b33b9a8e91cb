import type { Knex } from 'knex';
import { type Recipient, writeJobNotices } from '../deadlines/index.js';
import type { JobRow } from './acquire.js';

export interface JobContext {
  job: JobRow;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
  now: string;
  knex: Knex;
}

/**
 * A built-in service task handler: returns variables to merge, or throws to fail the job.
 * A `transactional` handler only writes rows through `ctx.knex`; it runs inside the transaction
 * that completes the job, so its writes happen exactly once. Others (calls to other systems)
 * run outside any transaction and are retried at least once on a crash.
 */
export type JobHandler = ((ctx: JobContext) => Promise<Record<string, unknown>>) & { transactional?: boolean };

/**
 * `notify`: records an in-app notification for users and/or groups. Headers: `users` and
 * `groups` (comma lists, or `=variableName` to read a variable), `subject`, `body`. The
 * default channel records what would be sent; nothing claims an SMS that was not sent.
 */
export const notifyHandler: JobHandler = async ({ job, headers, variables, now, knex }) => {
  const list = (raw: string | undefined): string[] => {
    if (!raw) return [];
    const value = raw.startsWith('=') ? variables[raw.slice(1)] : raw;
    return (Array.isArray(value) ? value.map(String) : String(value ?? '').split(','))
      .map((s) => s.trim())
      .filter(Boolean);
  };
  const recipients: Recipient[] = [
    ...list(headers.users).map((id) => ({ kind: 'user' as const, id })),
    ...list(headers.groups).map((id) => ({ kind: 'group' as const, id })),
  ];
  if (recipients.length === 0) throw new Error('notify job has no recipients (headers "users" or "groups")');
  await writeJobNotices(
    knex,
    {
      tenant: job.tenant_id,
      instanceId: job.instance_id,
      channel: headers.channel ?? 'in-app',
      subject: headers.subject ?? job.element_id,
      body: headers.body ?? null,
      recipients,
    },
    now,
  );
  return { notified: recipients.length };
};
notifyHandler.transactional = true;

/**
 * `http`: calls another system. Headers: `url`, `method` (default POST), `resultVariable`.
 * The request body is the instance's variables. A non-2xx answer fails the job (and retries).
 */
export const httpHandler: JobHandler = async ({ headers, variables }) => {
  if (!headers.url) throw new Error('http job has no "url" header');
  const method = (headers.method ?? 'POST').toUpperCase();
  const res = await fetch(headers.url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify(variables) }),
    signal: AbortSignal.timeout(Number(headers.timeoutMs ?? 10_000)),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${headers.url}: ${text.slice(0, 200)}`);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { [headers.resultVariable ?? 'httpResult']: { status: res.status, body } };
};

export const BUILT_IN_HANDLERS: Record<string, JobHandler> = { notify: notifyHandler, http: httpHandler };
