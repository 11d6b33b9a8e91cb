import { useEffect } from 'react';
import type { Problem } from '../../../../definitions/index.js';
import { useApp } from '../../app/AppContext.js';
import { problemLabel, problemSentence } from '../../shared/problem-text.js';
import { useCompileContext } from './compile-context.js';
import { showProblemMarkers, type MarkerServices } from './problem-markers.js';
import { useLiveProblems, type Companion } from './use-live-problems.js';

/**
 * The diagram checked as it is drawn: the compiler's problems (against the departments, forms and
 * decisions the deploying tenant sees), each marked on its element. `errors` refuse deploying.
 */
export function useDiagramChecks(o: {
  resourceName: string | null;
  tenant: string;
  revision: number;
  readXml(): Promise<string>;
  /** Files deployed with the diagram (an import's `.dmn` and `.form` files). */
  companions?: Companion[];
  services(): MarkerServices | null;
}): { problems: Problem[]; errors: number; warnings: number } {
  const { locale } = useApp();
  const context = useCompileContext(o.tenant);
  const problems = useLiveProblems(o.resourceName, o.readXml, o.revision, context, o.companions);
  const services = o.services;
  useEffect(() => {
    const modeler = services();
    if (!modeler || problems.length === 0) return undefined;
    return showProblemMarkers(modeler, problems, (p) => `${problemLabel(p, locale)}：${problemSentence(p, locale)}`);
  }, [problems, services, locale]);
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  return { problems, errors: problems.length - warnings, warnings };
}
