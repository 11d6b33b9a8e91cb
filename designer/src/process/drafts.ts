/** Unfinished diagrams kept in the browser until they are deployed or discarded. */
export interface Draft {
  xml: string;
  resourceName: string;
  /** ISO time it was saved (shown in local time). */
  savedAt: string;
}

const PREFIX = 'civicflow.process-draft:';
/** Larger diagrams are not kept (the browser's storage is small and shared with other pages). */
const MAX_DRAFT_CHARS = 1_000_000;
const MAX_DRAFTS = 20;

export function draftKey(user: string, processKey: string): string {
  return `${PREFIX}${user}:${processKey}`;
}

export function loadDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(key);
    const draft = raw ? (JSON.parse(raw) as Draft) : null;
    return draft && typeof draft.xml === 'string' ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, draft: Draft): void {
  if (draft.xml.length > MAX_DRAFT_CHARS) return;
  try {
    const others = Object.keys(localStorage).filter((k) => k.startsWith(PREFIX) && k !== key);
    if (others.length >= MAX_DRAFTS) {
      const oldest = others
        .map((k) => [k, loadDraft(k)?.savedAt ?? ''] as const)
        .sort((a, b) => a[1].localeCompare(b[1]))[0];
      if (oldest) localStorage.removeItem(oldest[0]);
    }
    localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the leave guard still asks before anything is lost.
  }
}

export function discardDraft(key: string): void {
  localStorage.removeItem(key);
}
