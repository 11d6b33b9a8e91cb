import { useCallback, useState } from 'react';
import { ApiError } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';

export type Status = { kind: 'ok' | 'error'; text: string } | null;

/** A view's one-line status, and the failure handler every API call shares (401 signs out). */
export function useStatus() {
  const { t, signOut } = useApp();
  const [status, setStatus] = useState<Status>(null);
  const fail = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) return signOut();
      setStatus({ kind: 'error', text: t('requestFailed', { message: (err as Error).message }) });
    },
    [signOut, t],
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
