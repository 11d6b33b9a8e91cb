import { useEffect, useRef, useState } from 'react';
import { compile, type CompileOptions, type Problem } from '../../../../definitions/index.js';

const DEBOUNCE_MS = 400;
const NONE: Companion[] = [];

export interface Companion {
  name: string;
  content: string;
}

/**
 * The problems the server would find, found while drawing: the same `definitions` compiler runs
 * on the diagram's XML a moment after each change, with the files deployed beside it (imported
 * `.dmn` and `.form` files) — errors refuse a deployment, warnings do not.
 */
export function useLiveProblems(
  resourceName: string | null,
  readXml: () => Promise<string>,
  revision: number,
  context: CompileOptions | null,
  companions: Companion[] = NONE,
): Problem[] {
  const [problems, setProblems] = useState<Problem[]>([]);
  const read = useRef(readXml);
  read.current = readXml;
  // `revision` counts the diagram's edits: the effect re-reads the XML through `read` whenever it changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the trigger, not a value read
  useEffect(() => {
    if (!resourceName) {
      setProblems([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void (async () => {
        const xml = await read.current();
        const result = await compile([{ name: resourceName, content: xml }, ...companions], context ?? {});
        if (live)
          setProblems(
            result.ok ? (result.warnings ?? []).map((w) => ({ ...w, severity: 'warning' as const })) : result.problems,
          );
      })().catch(() => undefined); // a diagram bpmn-js cannot even write out has nothing to check
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [resourceName, revision, context, companions]);
  return problems;
}
