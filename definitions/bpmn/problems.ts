import type { ModdleElement } from 'bpmn-moddle';
import { problem, type Problem } from '../model/index.js';

/** Collects problems for one resource; every message names the element it concerns. */
export class ProblemSink {
  readonly list: Problem[] = [];
  constructor(readonly resource: string) {}

  add(code: string, message: string, element?: ModdleElement | { id?: string; $type?: string }): void {
    this.list.push(problem(this.resource, code, message, element));
  }
}
