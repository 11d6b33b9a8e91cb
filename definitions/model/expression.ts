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
  return trimmed.startsWith('=') ? feelExpr(trimmed.slice(1).trim(), undefined, trimmed) : { static: raw };
}

/**
 * A FEEL expression from its text (`written`: as the file has it). Camunda's FEEL allows line
 * breaks inside string literals (long prompts, messages); the evaluator wants them escaped,
 * so they become `\n` there and the text as written is kept for messages.
 */
export function feelExpr(feel: string, written: string | undefined, original: string): FeelExpr {
  const escaped = escapeLineBreaksInStrings(feel);
  if (escaped === feel) return written === undefined ? { feel } : { feel, written };
  return { feel: escaped, written: written ?? original };
}

function escapeLineBreaksInStrings(source: string): string {
  if (!/[\r\n]/.test(source) || !source.includes('"')) return source;
  let out = '';
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inString && c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    if (inString && c === '\n') out += '\\n';
    else if (inString && c === '\r') out += '\\r';
    else out += c;
  }
  return out;
}

export function exprSource(expr: Expr): string {
  return isFeel(expr) ? (expr.written ?? `=${expr.feel}`) : expr.static;
}
