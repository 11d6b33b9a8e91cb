import type { ModdleElement } from 'bpmn-moddle';
import { exprFromAttribute, feelExpr, type Expr } from '../model/index.js';

/** The first extension element of the given moddle type, e.g. `zeebe:TaskDefinition`. */
export function extension(el: ModdleElement, type: string): ModdleElement | undefined {
  const values: ModdleElement[] = el.extensionElements?.values ?? [];
  return values.find((v) => v.$type === type);
}

export function extensions(el: ModdleElement): ModdleElement[] {
  return el.extensionElements?.values ?? [];
}

/** An attribute as an expression, or undefined when absent or blank. */
export function optionalExpr(raw: unknown): Expr | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  return exprFromAttribute(raw);
}

/** The text of a `bpmn:FormalExpression` (conditions, timer values, completion conditions). */
export function formalBody(el: ModdleElement | undefined): string | undefined {
  const body = el?.body;
  return typeof body === 'string' && body.trim() !== '' ? body.trim() : undefined;
}

/**
 * Conditions and completion conditions are always FEEL: Camunda 8 writes them as `=expr`;
 * plain BPMN bodies without the `=` are read as FEEL too.
 */
export function feelBody(el: ModdleElement | undefined): Expr | undefined {
  const body = formalBody(el);
  if (body === undefined) return undefined;
  return body.startsWith('=') ? feelExpr(body.slice(1).trim(), undefined, body) : feelExpr(body, body, body);
}

export function nonEmpty(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}
