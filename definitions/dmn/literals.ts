/**
 * Splits a list of FEEL unary tests or literals (`"high", "medium", "low"`) at its top-level
 * commas, keeping commas inside strings, brackets and parentheses.
 */
export function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(source.slice(start).trim());
  return parts;
}

/**
 * The value of a plain string or number literal (`"dept-rs"`, `5`, `-2.5`), or undefined
 * for anything else (escapes, expressions), so callers can compare literals without FEEL.
 */
export function simpleLiteral(source: string): string | number | undefined {
  const text = source.trim();
  if (/^"[^"\\]*"$/.test(text)) return text.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return undefined;
}
