import { useCallback, useRef, useState } from 'react';
import type { RebaseConflict } from '../app/api/index.js';

export type Side = 'ours' | 'theirs';

/** A rebase while shown: the copy as it was (what 放弃同步 puts back, and what each choice merges into), the server's merge. */
export interface RebaseShown<S, P> {
  ours: S;
  preview: P;
  busy: boolean;
}

/** What the server answers for a merge: the owner's version merged onto and the conflicts as decided so far. */
interface MergePreview {
  onto: { version: number };
  conflicts: Pick<RebaseConflict, 'id' | 'resolution'>[];
}

export interface RebaseOptions<S, P> {
  /** The tenant's own copy being edited, as listed; none: nothing to rebase. */
  definition: { key: string; tenant: string } | undefined;
  /** The copy as it stands in the editor; null when there is nothing to merge into. */
  current(): S | null | Promise<S | null>;
  /** The server's merge of the owner's newer version into `ours`, the conflicts decided as `resolutions` says. */
  merge(definition: { key: string; tenant: string }, ours: S, resolutions: Record<string, Side>): Promise<P>;
  /** Puts a merge into the editor (an edit of the opened copy). */
  show(preview: P): void | Promise<void>;
  /** Puts the copy back as it was before the rebase. */
  restore(ours: S): void | Promise<void>;
  fail(err: unknown): void;
}

export interface Rebase<S, P> {
  shown: RebaseShown<S, P> | null;
  /** 同步市级更新: the owner's newer version merged into the copy as edited, shown in the editor. */
  start(): Promise<void>;
  /** One conflict decided: the merge again with every other conflict as it was. */
  choose(id: string, side: Side): Promise<void>;
  /** 放弃同步: the copy back as it was. */
  cancel(): Promise<void>;
  /** Forgets the rebase (another definition opened, or the merge deployed). */
  clear(): void;
}

/** What a banner offers of a rebase: starting it, and while shown, the merge with its conflicts to decide. */
export type RebaseControls<P> = Pick<Rebase<unknown, P>, 'start' | 'shown' | 'choose' | 'cancel'>;

/**
 * 同步市级更新 of a tenant's own copy of a process, form or decision table: the server previews the three-way
 * merge of the owner's newer version into the copy as edited, the editor shows it, each conflict is decided by
 * merging again from the same copy, and giving up puts the copy back.
 */
export function useRebase<S, P extends MergePreview>(o: RebaseOptions<S, P>): Rebase<S, P> {
  const [shown, setShown] = useState<RebaseShown<S, P> | null>(null);
  const latest = useRef(o);
  latest.current = o;

  const merge = useCallback(async (ours: S, resolutions: Record<string, Side>) => {
    const { definition, merge: request, show, fail } = latest.current;
    if (!definition) return;
    setShown((r) => (r ? { ...r, busy: true } : r));
    try {
      const preview = await request(definition, ours, resolutions);
      setShown({ ours, preview, busy: false });
      await show(preview);
    } catch (err) {
      setShown((r) => (r ? { ...r, busy: false } : r));
      fail(err);
    }
  }, []);

  const start = useCallback(async () => {
    const ours = await latest.current.current();
    if (ours !== null) await merge(ours, {});
  }, [merge]);

  const choose = useCallback(
    async (id: string, side: Side) => {
      if (!shown) return;
      const chosen = Object.fromEntries(shown.preview.conflicts.map((c) => [c.id, c.resolution]));
      await merge(shown.ours, { ...chosen, [id]: side });
    },
    [merge, shown],
  );

  const cancel = useCallback(async () => {
    if (!shown) return;
    setShown(null);
    await latest.current.restore(shown.ours);
  }, [shown]);

  const clear = useCallback(() => setShown(null), []);

  return { shown, start, choose, cancel, clear };
}
