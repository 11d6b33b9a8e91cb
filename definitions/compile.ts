import { compileBpmn } from './bpmn/compile-bpmn.js';
import { compileDmn } from './dmn/index.js';
import { compileForm } from './forms/form-resource.js';
import { problem, type CompileOptions, type CompileResult, type CompiledDeployment, type Problem, type Resource } from './model/index.js';

/**
 * Compiles a deployment: `.bpmn` processes, `.dmn` decision tables and `*.form.json` forms.
 * Either everything compiles, or the whole deployment is rejected with every problem found.
 */
export async function compile(resources: Resource[], options: CompileOptions = {}): Promise<CompileResult> {
  const deployment: CompiledDeployment = { processes: [], decisions: [], forms: [] };
  const problems: Problem[] = [];
  const seenNames = new Set<string>();
  for (const { name, content } of resources) {
    if (seenNames.has(name)) problems.push(problem(name, 'DUPLICATE_RESOURCE', `resource "${name}" appears more than once`));
    seenNames.add(name);
    if (name.endsWith('.form.json')) {
      const r = compileForm(name, content);
      if (r.form) deployment.forms.push(r.form);
      problems.push(...r.problems);
    } else if (name.endsWith('.bpmn') || name.endsWith('.dmn')) {
      if (typeof content !== 'string') {
        problems.push(problem(name, 'XML_INVALID', `${name} must be given as XML text`));
        continue;
      }
      if (name.endsWith('.bpmn')) {
        const r = await compileBpmn(name, content, options.maxXmlLength);
        deployment.processes.push(...r.processes);
        problems.push(...r.problems);
      } else {
        const r = await compileDmn(name, content);
        deployment.decisions.push(...r.decisions);
        problems.push(...r.problems);
      }
    } else {
      problems.push(problem(name, 'UNKNOWN_RESOURCE', `"${name}" is not a .bpmn, .dmn or .form.json resource`));
    }
  }
  problems.push(...crossResourceProblems(deployment, options));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, deployment };
}

function crossResourceProblems(d: CompiledDeployment, options: CompileOptions): Problem[] {
  const problems: Problem[] = [];
  const duplicates = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(problem('deployment', 'DUPLICATE_ID', `${kind} id is deployed more than once`, { id }));
      seen.add(id);
    }
  };
  duplicates('process', d.processes.map((p) => p.id));
  duplicates('decision', d.decisions.map((x) => x.id));
  duplicates('form', d.forms.map((f) => f.id));

  const forms = new Set([...d.forms.map((f) => f.id), ...(options.knownFormIds ?? [])]);
  const decisions = new Set([...d.decisions.map((x) => x.id), ...(options.knownDecisionIds ?? [])]);
  for (const proc of d.processes) {
    for (const node of Object.values(proc.nodes)) {
      if (node.kind === 'userTask' && node.task.formId && !forms.has(node.task.formId)) {
        problems.push(problem(proc.id, 'FORM_MISSING', `user task uses form "${node.task.formId}", which is neither in this deployment nor already deployed`, { id: node.id, $type: 'bpmn:UserTask' }));
      }
      if (node.kind === 'businessRuleTask' && node.decisionId && 'static' in node.decisionId && !decisions.has(node.decisionId.static)) {
        problems.push(problem(proc.id, 'DECISION_MISSING', `business rule task calls decision "${node.decisionId.static}", which is neither in this deployment nor already deployed`, { id: node.id, $type: 'bpmn:BusinessRuleTask' }));
      }
    }
  }
  return problems;
}
