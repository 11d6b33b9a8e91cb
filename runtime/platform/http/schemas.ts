/** Shared request-schema pieces. */
export const idSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' } as const;
export const nameSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
export const variablesSchema = { type: 'object', maxProperties: 500 } as const;
export const elementIdsSchema = { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 128 } } as const;
/** For actions that take no input: any field sent is an error, not silently ignored. */
export const emptyBodySchema = { type: 'object', additionalProperties: false, properties: {} } as const;
export const limitSchema = { type: 'string', pattern: '^[0-9]{1,4}$' } as const;

export function limitOf(raw: string | undefined, fallback = 50, max = 500): number {
  const n = raw === undefined ? fallback : Number(raw);
  return Math.max(1, Math.min(max, n));
}
