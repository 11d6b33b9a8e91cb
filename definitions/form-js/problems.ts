import { problem, type Problem } from '../model/index.js';

/** A form-js component as written in a `.form` file (form-js decides its fields, so nothing is assumed). */
export type Component = Record<string, unknown>;

/** Collects the problems of one form; each names the component in Chinese (its label, else its key or id). */
export class FormProblems {
  readonly list: Problem[] = [];

  constructor(private readonly resource: string) {}

  /** A problem with the form as a whole (not with one component). */
  form(code: string, message: string, formId?: string): void {
    this.list.push(problem(this.resource, code, message, formId ? { id: formId, $type: 'form' } : undefined));
  }

  /** A component that cannot be compiled: `<id> 表单组件「标签」（类型）…`. */
  component(c: Component, code: string, message: string): void {
    const id = typeof c.id === 'string' && c.id !== '' ? c.id : undefined;
    const type = typeof c.type === 'string' ? c.type : '?';
    this.list.push(
      problem(this.resource, code, `表单组件${componentName(c)}（${type}）${message}`, { id, $type: `form:${type}` }),
    );
  }
}

export function componentName(c: Component): string {
  for (const k of ['label', 'key', 'path', 'id'] as const) {
    const v = c[k];
    if (typeof v === 'string' && v.trim() !== '') return `「${v.trim()}」`;
  }
  return '';
}
