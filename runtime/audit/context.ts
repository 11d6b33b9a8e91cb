import { AsyncLocalStorage } from 'node:async_hooks';

/** Who acts, from where, on what: the part of an audit row the request knows. */
export interface AuditScope {
  actor: string | null;
  /** The client's address (behind a trusted proxy, the forwarded one). */
  client: string | null;
  /** Method and path, e.g. `POST /api/tasks/…/complete`. */
  action: string;
  /** The tenant the action names, when no case says it. */
  tenant?: string;
  reason?: string | null;
  /** What was sent, with secrets already removed (see `redact`). */
  request?: unknown;
  /** Set once an audit row for this scope is in a transaction. */
  recorded?: boolean;
}

const storage = new AsyncLocalStorage<AuditScope>();

/** Runs `fn` with `scope` as the audit scope of every command it runs. */
export function withAuditScope<T>(scope: AuditScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentAuditScope(): AuditScope | undefined {
  return storage.getStore();
}

const SECRET_KEYS = new Set(['password', 'oldPassword', 'newPassword', 'currentPassword', 'token']);

/**
 * A request body as the audit keeps it: passwords and tokens never; deployed resources by name
 * and content hash (the definitions table keeps the content itself).
 */
export function redact(body: unknown, hashOf: (text: string) => string, depth = 0): unknown {
  if (body === null || typeof body !== 'object') return body;
  // The API refuses bodies nested deeper than 32 levels; this runs only on accepted ones, but never overflows.
  if (depth > 40) return '[too deep]';
  if (Array.isArray(body)) return body.map((v) => redact(v, hashOf, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (SECRET_KEYS.has(key)) out[key] = '[redacted]';
    else if (key === 'resources' && Array.isArray(value)) {
      out[key] = value.map((r: { name?: unknown; content?: unknown }) => ({
        name: r?.name,
        sha256: hashOf(typeof r?.content === 'string' ? r.content : JSON.stringify(r?.content ?? null)),
      }));
    } else out[key] = redact(value, hashOf, depth + 1);
  }
  return out;
}
