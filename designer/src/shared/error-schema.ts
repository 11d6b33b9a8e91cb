import type { ErrorSchema } from '@rjsf/utils';

/** The server's FORM_INVALID problems (`path` like `/category`) as rjsf's error schema. */
export function errorSchemaOf(problems: Array<{ path?: string; message: string }>): ErrorSchema {
  const out: Record<string, unknown> = {};
  for (const p of problems) {
    const keys = (p.path ?? '').split('/').filter(Boolean);
    let node = out;
    for (const k of keys) node = (node[k] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(p.message);
  }
  return out as ErrorSchema;
}
