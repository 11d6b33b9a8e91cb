// What a cell's text certainly is against its column's declared type: the one place both the
// deploy-time check and the rules designer ask (so the designer marks what deploying refuses).
import { expressionType, type StaticType } from '../feel/analysis.js';
import { splitTopLevel } from './literals.js';

/** DMN `typeRef`s a cell can be checked against, by the FEEL type they hold. */
const TYPE_OF_REF: Record<string, StaticType> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  long: 'number',
  double: 'number',
  boolean: 'boolean',
  date: 'date',
};

export function declaredType(typeRef: string | undefined): StaticType | undefined {
  return typeRef ? TYPE_OF_REF[typeRef.trim().toLowerCase()] : undefined;
}

export interface TypeError {
  /** The part of the cell of another type, e.g. `dept-zz`. */
  part: string;
  actual: StaticType;
  declared: StaticType;
}

/** An output entry whose value certainly has another type than `typeRef` (`dept-zz` unquoted is a subtraction, a number). */
export function outputTypeError(text: string, typeRef: string | undefined): TypeError | null {
  const declared = declaredType(typeRef);
  if (!declared) return null;
  const actual = expressionType(text);
  if (actual === undefined || actual === 'null' || actual === declared) return null;
  return { part: text.trim(), actual, declared };
}

/**
 * The first test of an input entry that compares the column's input with a value of another type:
 * `"5"` or `> "a"` in a number column, `dept-zz` or `> 3` in a string column. Tests it cannot type
 * (variables, functions, `?`) pass.
 */
export function unaryTestsTypeError(text: string, typeRef: string | undefined): TypeError | null {
  const declared = declaredType(typeRef);
  const source = text.trim();
  if (!declared || source === '' || source === '-') return null;
  const negated = /^not\s*\((.*)\)$/su.exec(source);
  for (const test of splitTopLevel(negated ? negated[1]! : source)) {
    for (const value of comparedValues(test)) {
      const actual = expressionType(value);
      if (actual === undefined || actual === 'null' || actual === declared) continue;
      // Strings compare with < and > too, but a date column compares with date("…") only.
      return { part: test, actual, declared };
    }
  }
  return null;
}

/** The values a unary test compares the input with: `> 5` → `5`, `[1..5]` → `1`, `5`, `"a"` → `"a"`. */
function comparedValues(test: string): string[] {
  const t = test.trim();
  if (t.includes('?')) return [];
  const compare = /^(<=|>=|<|>|=|!=)\s*(.+)$/su.exec(t);
  if (compare) return [compare[2]!];
  const range = /^[[(\]]\s*(.+?)\s*\.\.\s*(.+?)\s*[\])[]$/su.exec(t);
  if (range) return [range[1]!, range[2]!];
  return [t];
}
