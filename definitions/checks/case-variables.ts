import { feelFacts, type StaticType } from '../feel/analysis.js';
import {
  isFeel,
  problem,
  type Expr,
  type ExecutableProcess,
  type FlowNode,
  type FormDefinition,
  type Problem,
} from '../model/index.js';
import { formFields } from './form-fields.js';

type Element = { id: string; $type: string; name?: string };
type Fields = Map<string, StaticType | undefined>;

/** What the runtime itself gives a case it starts from a channel (the channel's name). */
const RUNTIME_VARIABLES = ['channel'];

/**
 * What the case's forms tell about its variables, checked in every expression:
 * - a field compared with a literal of another type (`amount = "5000"` for a number field)
 *   is an error: the comparison is never true, so the case would take the wrong branch;
 * - a variable that no form, start form, mapping or result before this point can have set
 *   is a warning (it may come from outside, e.g. the channel that started the case).
 * Both need every form the process uses: without one of them nothing is said.
 */
export function caseVariableProblems(
  proc: ExecutableProcess,
  resource: string,
  formsById: ReadonlyMap<string, FormDefinition>,
  /** What every case starts with; null: do not look for unset variables. */
  startVariables: Iterable<string> | null,
): Problem[] {
  const given = startVariables && new Set([...RUNTIME_VARIABLES, ...startVariables]);
  const fieldsOf = new Map<string, Fields>();
  for (const id of proc.formIds) {
    const form = formsById.get(id);
    if (!form) return [];
    fieldsOf.set(id, formFields(form));
  }
  const types = new Map<string, StaticType | undefined>();
  for (const fields of fieldsOf.values()) {
    for (const [name, type] of fields) types.set(name, types.has(name) && types.get(name) !== type ? undefined : type);
  }
  const setters = new VariableSetters(proc, fieldsOf);
  const problems: Problem[] = [];
  const check = (expr: Expr | undefined, what: string, element: Element, before: Set<string> | 'anything') => {
    if (!expr || !isFeel(expr)) return;
    const facts = feelFacts(expr.feel);
    for (const c of facts.comparisons) {
      const fieldType = c.path === c.variable ? types.get(c.variable) : undefined;
      if (!fieldType || compatible(fieldType, c.literalType)) continue;
      problems.push(
        problem(
          resource,
          'FEEL_TYPE_MISMATCH',
          `${what} compares field "${c.variable}" (${fieldType}) with ${c.literal} (${c.literalType}); the comparison is never true`,
          element,
          undefined,
          { subject: `${c.variable} ${c.literal}` },
        ),
      );
    }
    if (before === 'anything' || !given) return;
    for (const name of facts.variables) {
      if (before.has(name) || given.has(name)) continue;
      problems.push(
        problem(
          resource,
          'VARIABLE_UNSET',
          `${what} reads "${name}", which no form, start form or mapping before it sets`,
          element,
          undefined,
          { subject: name, severity: 'warning' },
        ),
      );
    }
  };
  for (const flow of Object.values(proc.flows)) {
    check(
      flow.condition,
      'condition',
      { id: flow.id, $type: 'bpmn:SequenceFlow', name: flow.name },
      setters.availableAfter(flow.source),
    );
  }
  for (const node of Object.values(proc.nodes)) {
    const element = {
      id: node.id,
      $type: `bpmn:${node.kind.charAt(0).toUpperCase()}${node.kind.slice(1)}`,
      name: node.name,
    };
    const before = setters.availableBefore(node.id);
    for (const m of node.io?.inputs ?? []) check(m.source, `input mapping for "${m.target}"`, element, before);
    if (node.kind === 'userTask') {
      const local =
        before === 'anything'
          ? before
          : new Set([
              ...before,
              ...(node.io?.inputs ?? []).map((m) => root(m.target)),
              ...(node.multiInstance?.inputElement ? [node.multiInstance.inputElement] : []),
            ]);
      check(node.task.assignee, 'assignee', element, local);
      check(node.task.candidateGroups, 'candidate groups', element, local);
      check(node.task.deadline, 'deadline', element, local);
    }
  }
  return problems;
}

/** Date fields hold ISO text, so they compare with a date literal and with a string. */
function compatible(field: StaticType, literal: StaticType): boolean {
  return field === literal || (field === 'date' && literal === 'string');
}

const root = (path: string) => path.split('.')[0]!.trim();

/**
 * Which variables can have been set when a node is entered: everything set by the nodes that
 * can run before it (following flows, into and out of subprocesses, onto boundary events).
 * A node whose outputs are not known here (a service task's job, a message's payload, a called
 * process) may set anything, and then nothing is said downstream of it.
 */
class VariableSetters {
  private readonly predecessors = new Map<string, Set<string>>();

  constructor(
    private readonly proc: ExecutableProcess,
    private readonly fieldsOf: ReadonlyMap<string, Fields>,
  ) {
    const edge = (from: string, to: string) => {
      const set = this.predecessors.get(to) ?? new Set<string>();
      set.add(from);
      this.predecessors.set(to, set);
    };
    for (const flow of Object.values(proc.flows)) edge(flow.source, flow.target);
    for (const node of Object.values(proc.nodes)) {
      if (node.parent) {
        edge(node.parent, node.id); // entering the subprocess comes first …
        edge(node.id, node.parent); // … and what its inside sets is there when it leaves
      }
      if (node.kind === 'boundaryEvent') edge(node.attachedTo, node.id);
    }
  }

  /** Variables set by the nodes that can run before `nodeId` (not by `nodeId` itself). */
  availableBefore(nodeId: string): Set<string> | 'anything' {
    const node = this.proc.nodes[nodeId];
    if (node && (isEventSubprocessStart(this.proc, node) || this.insideEventSubprocess(node))) return 'anything';
    const seen = new Set<string>();
    const queue = [...(this.predecessors.get(nodeId) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(...(this.predecessors.get(id) ?? []));
    }
    const available = new Set<string>();
    for (const id of seen) {
      const sets = this.setBy(this.proc.nodes[id]);
      if (sets === 'anything') return 'anything';
      for (const v of sets) available.add(v);
    }
    return available;
  }

  /** After `nodeId` completed: what was there before it and what it set. */
  availableAfter(nodeId: string): Set<string> | 'anything' {
    const before = this.availableBefore(nodeId);
    const own = this.setBy(this.proc.nodes[nodeId]);
    if (before === 'anything' || own === 'anything') return 'anything';
    return new Set([...before, ...own]);
  }

  private setBy(node: FlowNode | undefined): Set<string> | 'anything' {
    if (!node) return new Set();
    const out = new Set((node.io?.outputs ?? []).map((m) => root(m.target)));
    if (node.multiInstance?.outputCollection) out.add(node.multiInstance.outputCollection);
    if (node.multiInstance?.inputElement) out.add(node.multiInstance.inputElement);
    for (const m of node.io?.inputs ?? []) out.add(root(m.target));
    switch (node.kind) {
      case 'userTask':
        for (const name of this.fieldsOf.get(node.task.formId ?? '')?.keys() ?? []) out.add(name);
        return out;
      case 'businessRuleTask':
      case 'scriptTask':
        if (node.job) return 'anything';
        if (node.resultVariable) out.add(node.resultVariable);
        return out;
      case 'serviceTask':
      case 'sendTask':
      case 'receiveTask':
      case 'callActivity':
        return 'anything';
      case 'startEvent':
        // What the start event's own form asks for is there once the case has started.
        for (const name of this.fieldsOf.get(this.proc.startForms?.[node.id] ?? '')?.keys() ?? []) out.add(name);
        return node.event.type === 'message' ? 'anything' : out;
      case 'intermediateCatchEvent':
      case 'boundaryEvent':
        return node.event.type === 'message' ? 'anything' : out;
      case 'endEvent':
      case 'intermediateThrowEvent':
        return 'job' in node && node.job ? 'anything' : out;
      default:
        return out;
    }
  }

  private insideEventSubprocess(node: FlowNode): boolean {
    for (let p = node.parent; p; p = this.proc.nodes[p]?.parent ?? null) {
      const parent = this.proc.nodes[p];
      if (parent?.kind === 'subProcess' && parent.triggeredByEvent) return true;
    }
    return false;
  }
}

function isEventSubprocessStart(proc: ExecutableProcess, node: FlowNode): boolean {
  const parent = node.parent ? proc.nodes[node.parent] : undefined;
  return node.kind === 'startEvent' && parent?.kind === 'subProcess' && parent.triggeredByEvent;
}
