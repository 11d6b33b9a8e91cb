import { useCallback, useState } from 'react';
import { ApiError } from './api.js';
import type { T } from './App.js';

export type Status = { kind: 'ok' | 'error'; text: string } | null;

/** A view's one-line status, and the failure handler every API call shares (401 signs out). */
export function useStatus(t: T, onUnauthorized: () => void) {
  const [status, setStatus] = useState<Status>(null);
  const fail = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) return onUnauthorized();
      setStatus({ kind: 'error', text: t('requestFailed', { message: (err as Error).message }) });
    },
    [onUnauthorized, t],
  );
  return { status, setStatus, fail };
}

export function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  return (
    <p className={`status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
      {status.text}
    </p>
  );
}
