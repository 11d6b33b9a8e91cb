import { useCallback, useEffect, useRef, useState } from 'react';
import type { Definition, ProcessRebase, RebasedOn } from '../../app/api/index.js';
import { useApi } from '../../app/AppContext.js';
import { compareVersions, type ElementChange, type ReadBpmn } from './diff.js';
import { highlightChanges } from './highlight.js';

type Services = Parameters<typeof highlightChanges>[0];

export interface OverlayOptions {
  /** The opened definition as listed, when it is a tenant's own (editable) copy of an inherited one. */
  definition: Definition | undefined;
  /** Changes whenever the diagram on the canvas changed. */
  revision: number;
  readXml(): Promise<string>;
  /** Puts a document on the canvas as an edit of the opened copy (not a new opening). */
  open(xml: string): Promise<void>;
  readBpmn: ReadBpmn;
  services(): Services | null;
  fail(err: unknown): void;
}

export interface Rebasing {
  /** The copy as it was when the rebase started (what 放弃同步 puts back, and what each choice merges into). */
  ours: string;
  preview: ProcessRebase;
  busy: boolean;
}

export interface Overlay {
  /** What the unit changed against the base it was copied from, as the canvas stands (null until compared). */
  ownChanges: ElementChange[] | null;
  /** What the owner changed since that base, when the copy is behind. */
  upstreamChanges: ElementChange[] | null;
  rebasing: Rebasing | null;
  startRebase(): Promise<void>;
  choose(id: string, side: 'ours' | 'theirs'): Promise<void>;
  cancelRebase(): Promise<void>;
  /** What a deployment records after a rebase: the owner's version the copy now builds on. */
  rebasedOn: RebasedOn | undefined;
}

const COMPARE_DELAY_MS = 300;

/**
 * A township's own copy of a city process: its changes against the base (listed and coloured on the canvas
 * as it is edited), the city's changes since when it is behind, and 同步市级更新 — the three-way merge the
 * server previews, shown on the canvas with the city's changes and the conflicts coloured, each conflict
 * decided by the administrator before deploying.
 */
export function useOverlay(o: OverlayOptions): Overlay {
  const api = useApi();
  const def = o.definition?.basedOn ? o.definition : undefined;
  const [baseXml, setBaseXml] = useState<string | null>(null);
  const [ownChanges, setOwnChanges] = useState<ElementChange[] | null>(null);
  const [upstreamChanges, setUpstreamChanges] = useState<ElementChange[] | null>(null);
  const [rebasing, setRebasing] = useState<Rebasing | null>(null);
  const latest = useRef(o);
  latest.current = o;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new definition (its id) is the trigger
  useEffect(() => {
    let live = true;
    setBaseXml(null);
    setOwnChanges(null);
    setUpstreamChanges(null);
    setRebasing(null);
    const basedOn = def?.basedOn;
    if (!def || !basedOn?.id) return;
    (async () => {
      const base = await api.xml('process', basedOn.id!);
      if (!live) return;
      setBaseXml(base);
      if (def.behind && def.upstream) {
        const upstream = await api.xml('process', def.upstream.id);
        const changes = await compareVersions(latest.current.readBpmn, base, upstream);
        if (live) setUpstreamChanges(changes);
      }
    })().catch((err) => live && latest.current.fail(err));
    return () => {
      live = false;
    };
  }, [api, def?.id]);

  // The copy against its base, again after each edit; coloured on the canvas (the rebase's merge while one is shown).
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision (an edit on the canvas) is the trigger, not a value read
  useEffect(() => {
    if (!baseXml) return;
    let live = true;
    const timer = setTimeout(() => {
      (async () => {
        const { readXml, readBpmn, services } = latest.current;
        const changes = await compareVersions(readBpmn, baseXml, await readXml());
        if (!live) return;
        setOwnChanges(changes);
        const modeler = services();
        if (!modeler) return;
        if (rebasing) {
          const conflicts = rebasing.preview.conflicts.map((c) => c.id);
          highlightChanges(
            modeler,
            rebasing.preview.applied.filter((c) => !conflicts.includes(c.id)),
            conflicts,
          );
        } else highlightChanges(modeler, changes);
      })().catch(() => undefined);
    }, COMPARE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [baseXml, o.revision, rebasing]);

  const merge = useCallback(
    async (ours: string, resolutions: Record<string, 'ours' | 'theirs'>) => {
      if (!def) return;
      setRebasing((r) => (r ? { ...r, busy: true } : r));
      try {
        const preview = await api.rebaseProcess(def.key, def.tenant, ours, resolutions);
        setRebasing({ ours, preview, busy: false });
        await latest.current.open(preview.xml);
      } catch (err) {
        setRebasing((r) => (r ? { ...r, busy: false } : r));
        latest.current.fail(err);
      }
    },
    [api, def],
  );

  const startRebase = useCallback(async () => merge(await latest.current.readXml(), {}), [merge]);

  const choose = useCallback(
    async (id: string, side: 'ours' | 'theirs') => {
      if (!rebasing) return;
      const resolutions = Object.fromEntries(rebasing.preview.conflicts.map((c) => [c.id, c.resolution]));
      await merge(rebasing.ours, { ...resolutions, [id]: side });
    },
    [merge, rebasing],
  );

  const cancelRebase = useCallback(async () => {
    if (!rebasing) return;
    setRebasing(null);
    await latest.current.open(rebasing.ours);
  }, [rebasing]);

  return {
    ownChanges,
    upstreamChanges,
    rebasing,
    startRebase,
    choose,
    cancelRebase,
    rebasedOn:
      def && rebasing ? [{ kind: 'process', key: def.key, version: rebasing.preview.onto.version }] : undefined,
  };
}
