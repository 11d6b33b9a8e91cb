import { useEffect, useRef, useState } from 'react';
import { compile, type CompileOptions, type Problem } from '../../../../definitions/index.js';

const DEBOUNCE_MS = 400;

/**
 * The problems the server would find, found while drawing: the same `definitions` compiler runs
 * on the diagram's XML a moment after each change (errors refuse a deployment, warnings do not).
 */
export function useLiveProblems(resourceName: string | null, readXml: () => Promise<string>, revision: number, context: CompileOptions | null): Problem[] {
  const [problems, setProblems] = useState<Problem[]>([]);
  const read = useRef(readXml);
  read.current = readXml;
  useEffect(() => {
    if (!resourceName) {
      setProblems([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void (async () => {
        const xml = await read.current();
        const result = await compile([{ name: resourceName, content: xml }], context ?? {});
        if (live) setProblems(result.ok ? (result.warnings ?? []).map((w) => ({ ...w, severity: 'warning' as const })) : result.problems);
      })().catch(() => undefined); // a diagram bpmn-js cannot even write out has nothing to check
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [resourceName, revision, context]);
  return problems;
}
