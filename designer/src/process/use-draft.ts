import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../app/AppContext.js';
import { useLeaveGuard } from '../shared/leave-guard.js';
import { discardDraft, draftKey, loadDraft, saveDraft, type Draft } from './drafts.js';

/**
 * The open diagram's unsaved state: `changed` after an edit (and until it is deployed or
 * discarded); each change is kept as a draft in the browser, and leaving asks first.
 */
export function useDraft(
  user: string,
  processKey: string | null,
  readXml: () => Promise<string>,
  resourceName: string | null,
) {
  const { t } = useApp();
  const [changed, setChanged] = useState(false);
  const [waiting, setWaiting] = useState<Draft | null>(null);
  const key = processKey ? draftKey(user, processKey) : null;
  const read = useRef(readXml);
  read.current = readXml;
  useLeaveGuard(changed ? t('leaveUnsaved') : null);

  /** A diagram was opened: nothing changed yet; an earlier draft of it waits to be restored or discarded. */
  const opened = useCallback(
    (nextKey: string) => {
      setChanged(false);
      setWaiting(loadDraft(draftKey(user, nextKey)));
    },
    [user],
  );

  const edited = useCallback(async () => {
    setChanged(true);
    if (!key || !resourceName) return;
    saveDraft(key, { xml: await read.current(), resourceName, savedAt: new Date().toISOString() });
  }, [key, resourceName]);

  /** Deployed or thrown away: the draft goes. */
  const settled = useCallback(() => {
    if (key) discardDraft(key);
    setChanged(false);
    setWaiting(null);
  }, [key]);

  useEffect(() => setWaiting((w) => (key ? w : null)), [key]);

  return { changed, waiting, opened, edited, settled, dismissWaiting: () => setWaiting(null), setChanged };
}
