import type { ModdleElement } from 'bpmn-moddle';
import type { CompileOptions, ExecutableProcess, Problem } from '../model/index.js';
import { buildProcess } from './build-process.js';
import { embeddedForms, startFormLinks, type EmbeddedForm } from './embedded-forms.js';
import { checkExpressions } from './expression-checks.js';
import { DEFAULT_MAX_XML_LENGTH, parseBpmn } from './parse.js';
import { ProblemSink } from './problems.js';
import { checkStructure } from './structure-checks.js';

/** Parses, builds and checks every executable process in one `.bpmn` resource. */
export async function compileBpmn(
  resource: string,
  xml: string,
  maxLength = DEFAULT_MAX_XML_LENGTH,
  options: Pick<CompileOptions, 'minTimerCycleMs'> = {},
): Promise<{
  processes: ExecutableProcess[];
  problems: Problem[];
  warnings: Problem[];
  embeddedForms?: EmbeddedForm[];
}> {
  const sink = new ProblemSink(resource);
  if (xml.length > maxLength) {
    sink.add('XML_TOO_LARGE', `BPMN is ${xml.length} characters; the limit is ${maxLength}`);
    return { processes: [], problems: sink.list, warnings: [] };
  }
  let parsed: Awaited<ReturnType<typeof parseBpmn>>;
  try {
    parsed = await parseBpmn(xml);
  } catch (err) {
    sink.add('XML_INVALID', `not a readable BPMN 2.0 document: ${(err as Error).message}`);
    return { processes: [], problems: sink.list, warnings: [] };
  }
  for (const w of parsed.warnings) sink.add(w.code, w.message, w.element);
  sink.camunda8 = parsed.definitions.$attrs?.['modeler:executionPlatform'] === 'Camunda Cloud';

  const seenIds = new Set<string>();
  const processes: ExecutableProcess[] = [];
  const forms: EmbeddedForm[] = [];
  const roots = parsed.definitions.rootElements ?? [];
  for (const proc of roots.filter((r: ModdleElement) => r.$type === 'bpmn:Process' && r.isExecutable !== false)) {
    const built = buildProcess(proc, sink, seenIds);
    checkStructure(built, sink);
    checkExpressions(built, sink, options.minTimerCycleMs);
    const startForms = startFormLinks(proc);
    if (Object.keys(startForms).length > 0) {
      built.startForms = startForms;
      for (const formId of Object.values(startForms)) if (!built.formIds.includes(formId)) built.formIds.push(formId);
    }
    processes.push(built);
    forms.push(...embeddedForms(proc));
  }
  if (processes.length === 0 && sink.list.length === 0) {
    sink.add('PROCESS_MISSING', 'contains no executable process (isExecutable="true")');
  }
  return forms.length > 0
    ? { processes, problems: sink.list, warnings: sink.warnings, embeddedForms: forms }
    : { processes, problems: sink.list, warnings: sink.warnings };
}
