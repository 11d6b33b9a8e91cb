import type { ModdleElement } from 'bpmn-moddle';
import { problem, type Problem, type ProblemElement } from '../model/index.js';

type Element = ModdleElement | { id?: string; $type?: string; kind?: string; name?: string };

/** Collects problems for one resource; every message names the element it concerns. */
export class ProblemSink {
  readonly list: Problem[] = [];
  /**
   * Nodes whose incoming flow was dropped because its source is an unsupported element (already
   * reported): they are not reported again as unreachable, and reachability is traced from them.
   */
  readonly entered = new Set<string>();
  /** What was ignored on purpose and said so, without refusing the deployment. */
  readonly warnings: Problem[] = [];
  /** The file says it was drawn for Camunda 8 (`modeler:executionPlatform="Camunda Cloud"`). */
  camunda8 = false;
  constructor(readonly resource: string) {}

  warn(code: string, message: string, element?: Element, subject?: string): void {
    const extra = subject ? { subject } : {};
    this.warnings.push(problem(this.resource, code, message, element && withKind(element), undefined, extra));
  }

  add(
    code: string,
    message: string,
    element?: Element,
    args?: Record<string, string>,
    extra: Pick<Problem, 'subject' | 'severity'> = {},
  ): void {
    this.list.push(problem(this.resource, code, message, element && withKind(element), args, extra));
  }

  /** Whether a problem with this code was already reported for the element (avoids follow-on noise). */
  has(code: string, elementId: string): boolean {
    return this.list.some((p) => p.code === code && p.elementId === elementId);
  }
}

/** A compiled node (`kind: 'userTask'`) is reported with its BPMN type (`bpmn:UserTask`). */
function withKind(el: Element): ProblemElement {
  const name = typeof el.name === 'string' ? el.name : undefined;
  if (el.$type || typeof el.kind !== 'string') return { id: el.id, $type: el.$type, name };
  return { id: el.id, $type: `bpmn:${el.kind.charAt(0).toUpperCase()}${el.kind.slice(1)}`, name };
}
