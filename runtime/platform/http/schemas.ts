import type { JsonSchema } from './api.js';

/** Shared request-schema pieces. */
export const idSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' } as const;
export const nameSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
export const variablesSchema = { type: 'object', maxProperties: 500 } as const;
export const elementIdsSchema = {
  type: 'array',
  maxItems: 100,
  items: { type: 'string', minLength: 1, maxLength: 128 },
} as const;
/** For actions that take no input: any field sent is an error, not silently ignored. */
export const emptyBodySchema = { type: 'object', additionalProperties: false, properties: {} } as const;
export const limitSchema = { type: 'string', pattern: '^[0-9]{1,4}$' } as const;

export function limitOf(raw: string | undefined, fallback = 50, max = 500): number {
  const n = raw === undefined ? fallback : Number(raw);
  return Math.max(1, Math.min(max, n));
}

// ── Answers ──────────────────────────────────────────────────────────────────────

/** Response schemas: an object with exactly these properties; a name ending in `?` may be left out. */
export function objectOf(properties: Record<string, JsonSchema>): JsonSchema {
  const names = Object.keys(properties);
  return {
    type: 'object',
    additionalProperties: false,
    required: names.filter((n) => !n.endsWith('?')),
    properties: Object.fromEntries(names.map((n) => [n.replace(/\?$/, ''), properties[n]!])),
  };
}
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
export const stringType: JsonSchema = { type: 'string' };
export const integerType: JsonSchema = { type: 'integer' };
export const numberType: JsonSchema = { type: 'number' };
export const booleanType: JsonSchema = { type: 'boolean' };
/** Any JSON object (variables, form schemas, compiled definitions). */
export const anyObject: JsonSchema = { type: 'object' };
export const stringList = arrayOf(stringType);
export const stringOrNull = nullable(stringType);
/** A text answer that is not JSON (XML, SVG), with its media type. */
export const textOf = (mediaType: string): JsonSchema => ({ type: 'string', contentMediaType: mediaType });
