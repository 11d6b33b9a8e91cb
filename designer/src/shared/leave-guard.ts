import { useEffect, useRef } from 'react';

/** What a page with unsaved work says when the user would leave it; null when there is nothing to lose. */
type Guard = () => string | null;
const guards = new Set<Guard>();

/** Asks the user, for each page with unsaved work, whether to leave anyway. True: go ahead. */
export function mayLeave(): boolean {
  for (const guard of guards) {
    const question = guard();
    if (question && !window.confirm(question)) return false;
  }
  return true;
}

/**
 * While `question` is not null, leaving asks first: another tab of the app (`mayLeave`), and a
 * reload or closing the browser tab (the browser's own question).
 */
export function useLeaveGuard(question: string | null): void {
  const current = useRef(question);
  current.current = question;
  useEffect(() => {
    const guard: Guard = () => current.current;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!current.current) return;
      e.preventDefault();
      e.returnValue = current.current;
    };
    guards.add(guard);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      guards.delete(guard);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);
}
