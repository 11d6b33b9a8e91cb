import { useEffect, useRef, useState } from 'react';
import type { Definition, ProcessRebase, RebasedOn } from '../../app/api/index.js';
import { useApi } from '../../app/AppContext.js';
import { type RebaseShown, useRebase } from '../../shared/use-rebase.js';
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

export type Rebasing = RebaseShown<string, ProcessRebase>;

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
  const latest = useRef(o);
  latest.current = o;
  const rebase = useRebase<string, ProcessRebase>({
    definition: def,
    current: () => latest.current.readXml(),
    merge: (d, ours, resolutions) => api.rebaseProcess(d.key, d.tenant, ours, resolutions),
    show: (preview) => latest.current.open(preview.xml),
    restore: (ours) => latest.current.open(ours),
    fail: (err) => latest.current.fail(err),
  });
  const rebasing = rebase.shown;
  const clearRebase = rebase.clear;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new definition (its id) is the trigger
  useEffect(() => {
    let live = true;
    setBaseXml(null);
    setOwnChanges(null);
    setUpstreamChanges(null);
    clearRebase();
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

  return {
    ownChanges,
    upstreamChanges,
    rebasing,
    startRebase: rebase.start,
    choose: rebase.choose,
    cancelRebase: rebase.cancel,
    rebasedOn:
      def && rebasing ? [{ kind: 'process', key: def.key, version: rebasing.preview.onto.version }] : undefined,
  };
}
