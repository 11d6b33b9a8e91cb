/**
 * A value written in a definition: either a FEEL expression (Zeebe convention: the text
 * starts with `=`) or a static literal. Kept apart so nothing static is ever evaluated.
 */
export type Expr = FeelExpr | { static: string };

/** `written`: the text as the file has it, when that is not `=` + `feel` (a condition written without `=`). */
export interface FeelExpr {
  feel: string;
  written?: string;
}

export function isFeel(expr: Expr): expr is FeelExpr {
  return 'feel' in expr;
}

/** Reads a Zeebe-style attribute value: `=a + b` is FEEL, anything else is static text. */
export function exprFromAttribute(raw: string): Expr {
  const trimmed = raw.trim();
  return trimmed.startsWith('=') ? { feel: trimmed.slice(1).trim() } : { static: raw };
}

export function exprSource(expr: Expr): string {
  return isFeel(expr) ? (expr.written ?? `=${expr.feel}`) : expr.static;
}
