import { compileBpmn } from './bpmn/compile-bpmn.js';
import { compileDmn } from './dmn/index.js';
import { compileForm } from './forms/form-resource.js';
import { sharedFormKeyProblems } from './checks/shared-form-keys.js';
import { caseVariableProblems } from './checks/case-variables.js';
import { directoryProblems } from './checks/directory-references.js';
import {
  isWarning,
  problem,
  type CompileOptions,
  type CompileResult,
  type CompiledDeployment,
  type Problem,
  type Resource,
} from './model/index.js';

/**
 * Compiles a deployment: `.bpmn` processes, `.dmn` decision tables, `*.form.json` forms and Camunda `.form` files.
 * Either everything compiles, or the whole deployment is rejected with every problem found.
 */
export async function compile(resources: Resource[], options: CompileOptions = {}): Promise<CompileResult> {
  const deployment: CompiledDeployment = { processes: [], decisions: [], forms: [], origins: {} };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const seenNames = new Set<string>();
  const origin = new Map<object, string>();
  for (const { name, content } of resources) {
    if (seenNames.has(name))
      problems.push(problem(name, 'DUPLICATE_RESOURCE', `resource "${name}" appears more than once`));
    seenNames.add(name);
    if (name.endsWith('.form.json') || name.endsWith('.form')) {
      const r = compileForm(name, content);
      if (r.form) {
        deployment.forms.push(r.form);
        deployment.origins[`form:${r.form.id}`] = name;
        origin.set(r.form, name);
      }
      problems.push(...r.problems);
    } else if (name.endsWith('.bpmn') || name.endsWith('.dmn')) {
      if (typeof content !== 'string') {
        problems.push(problem(name, 'XML_INVALID', `${name} must be given as XML text`));
        continue;
      }
      if (name.endsWith('.bpmn')) {
        const r = await compileBpmn(name, content, options.maxXmlLength, options);
        deployment.processes.push(...r.processes);
        for (const p of r.processes) deployment.origins[`process:${p.id}`] = name;
        for (const p of r.processes) origin.set(p, name);
        problems.push(...r.problems);
        warnings.push(...r.warnings);
        for (const embedded of r.embeddedForms ?? []) {
          const f = compileForm(name, embedded.body, embedded.formId);
          if (f.form) {
            deployment.forms.push(f.form);
            deployment.origins[`form:${f.form.id}`] = name;
            origin.set(f.form, name);
          }
          problems.push(...f.problems);
        }
      } else {
        const r = await compileDmn(name, content, options.maxXmlLength);
        deployment.decisions.push(...r.decisions);
        for (const d of r.decisions) deployment.origins[`decision:${d.id}`] = name;
        for (const d of r.decisions) origin.set(d, name);
        problems.push(...r.problems);
      }
    } else {
      problems.push(problem(name, 'UNKNOWN_RESOURCE', `"${name}" is not a .bpmn, .dmn, .form or .form.json resource`));
    }
  }
  problems.push(...crossResourceProblems(deployment, options, (x) => origin.get(x) ?? 'deployment'));
  const errors = problems.filter((p) => !isWarning(p));
  // Warnings of the checks against the directory and the forms carry `severity`. A refused
  // deployment answers its errors only: what refused it, not advice that would not have.
  if (errors.length > 0) return { ok: false, problems: errors };
  const allWarnings = [...warnings, ...problems];
  return allWarnings.length > 0 ? { ok: true, deployment, warnings: allWarnings } : { ok: true, deployment };
}

function crossResourceProblems(
  d: CompiledDeployment,
  options: CompileOptions,
  resourceOf: (x: object) => string,
): Problem[] {
  const problems: Problem[] = [];
  const duplicates = (kind: string, $type: string, items: Array<{ id: string }>) => {
    const first = new Map<string, string>();
    for (const item of items) {
      const resource = resourceOf(item);
      const earlier = first.get(item.id);
      if (earlier !== undefined) {
        problems.push(
          problem(resource, 'DUPLICATE_ID', `${kind} id is deployed more than once (also in ${earlier})`, {
            id: item.id,
            $type,
          }),
        );
      } else first.set(item.id, resource);
    }
  };
  duplicates('process', 'bpmn:Process', d.processes);
  duplicates('decision', 'dmn:Decision', d.decisions);
  duplicates('form', 'form', d.forms);

  const forms = new Set([
    ...d.forms.map((f) => f.id),
    ...(options.knownFormIds ?? []),
    ...(options.knownForms ?? []).map((f) => f.id),
  ]);
  const formsById = new Map([...(options.knownForms ?? []), ...d.forms].map((f) => [f.id, f]));
  const directory = {
    ...(options.knownGroupIds ? { groupIds: new Set(options.knownGroupIds) } : {}),
    ...(options.knownUsernames ? { usernames: new Set(options.knownUsernames) } : {}),
  };
  for (const proc of d.processes) {
    problems.push(...directoryProblems(proc, resourceOf(proc), directory));
    problems.push(...sharedFormKeyProblems(proc, resourceOf(proc), formsById));
    // Unset variables are only looked for when the caller says which forms exist outside the deployment.
    problems.push(
      ...caseVariableProblems(
        proc,
        resourceOf(proc),
        formsById,
        options.knownForms ? (options.startVariables ?? []) : null,
      ),
    );
  }
  const decisions = new Set([...d.decisions.map((x) => x.id), ...(options.knownDecisionIds ?? [])]);
  for (const proc of d.processes) {
    for (const [eventId, formId] of Object.entries(proc.startForms ?? {})) {
      if (!forms.has(formId))
        problems.push(
          problem(
            resourceOf(proc),
            'FORM_MISSING',
            `start event uses form "${formId}", which is neither in this deployment nor already deployed`,
            { id: eventId, $type: 'bpmn:StartEvent' },
          ),
        );
    }
    for (const node of Object.values(proc.nodes)) {
      if (node.kind === 'userTask' && node.task.formId && !forms.has(node.task.formId)) {
        problems.push(
          problem(
            resourceOf(proc),
            'FORM_MISSING',
            `user task uses form "${node.task.formId}", which is neither in this deployment nor already deployed`,
            { id: node.id, $type: 'bpmn:UserTask', name: node.name },
          ),
        );
      }
      if (
        node.kind === 'businessRuleTask' &&
        node.decisionId &&
        'static' in node.decisionId &&
        !decisions.has(node.decisionId.static)
      ) {
        problems.push(
          problem(
            resourceOf(proc),
            'DECISION_MISSING',
            `business rule task calls decision "${node.decisionId.static}", which is neither in this deployment nor already deployed`,
            { id: node.id, $type: 'bpmn:BusinessRuleTask', name: node.name },
          ),
        );
      }
    }
  }
  return problems;
}
