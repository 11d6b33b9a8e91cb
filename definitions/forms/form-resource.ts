import type { FormDefinition, Problem } from '../model/index.js';
import { problem } from '../model/index.js';
import { UnsupportedPatternError } from '../regex/linear.js';
import { compileFormJs, FORM_JS_LIMITS, isFormJsSchema } from '../form-js/index.js';
import { createAjv } from './ajv.js';
import { conflictingFieldKeys, duplicateJsonKeys } from './field-keys.js';

const FORM_ID = /^[A-Za-z_][\w.-]{0,127}$/;

/**
 * Reads a form resource and checks that ajv can compile its JSON Schema: civicflow's own
 * `{ id, schema, uiSchema }` (`*.form.json`), or a Camunda form-js schema (`*.form`, or offered as
 * `*.form.json`), compiled to one first.
 */
export function compileForm(
  resource: string,
  content: string | Record<string, unknown>,
  embeddedId?: string,
): { form?: FormDefinition; problems: Problem[] } {
  if (
    typeof content === 'string' &&
    content.length > FORM_JS_LIMITS.maxChars &&
    (embeddedId !== undefined || resource.endsWith('.form'))
  ) {
    return {
      problems: [
        problem(
          resource,
          'FORM_TOO_LARGE',
          `Camunda 表单有 ${content.length} 个字符，超过上限 ${FORM_JS_LIMITS.maxChars}，请拆分表单`,
        ),
      ],
    };
  }
  let raw: unknown = content;
  if (typeof content === 'string') {
    try {
      raw = JSON.parse(content);
    } catch (err) {
      return { problems: [problem(resource, 'FORM_INVALID', `form is not valid JSON: ${(err as Error).message}`)] };
    }
    const twice = duplicateJsonKeys(content);
    if (twice.length > 0) {
      return {
        problems: twice.map((key) =>
          problem(
            resource,
            'FORM_FIELD_DUPLICATE',
            `"${key}" is written twice in one object: the second would silently replace the first; give each field its own key`,
          ),
        ),
      };
    }
  }
  if (!isObject(raw))
    return { problems: [problem(resource, 'FORM_INVALID', 'form must be an object { id, schema, uiSchema }')] };
  if (isFormJsSchema(raw)) {
    const r = compileFormJs(resource, raw, embeddedId);
    return r.form ? checked(resource, r.form) : r;
  }
  const { id, name, schema, uiSchema, basedOn } = raw as Record<string, unknown>;
  if (typeof id !== 'string' || !FORM_ID.test(id)) {
    return {
      problems: [
        problem(resource, 'FORM_INVALID', 'form needs an "id" of letters, digits, "_", "-" or "." (at most 128)'),
      ],
    };
  }
  const el = { id, $type: 'form' };
  if (!isObject(schema))
    return { problems: [problem(resource, 'FORM_INVALID', 'form has no JSON Schema object in "schema"', el)] };
  if (uiSchema !== undefined && !isObject(uiSchema)) {
    return { problems: [problem(resource, 'FORM_INVALID', '"uiSchema" must be an object', el)] };
  }
  if (basedOn !== undefined && !isBase(basedOn)) {
    return {
      problems: [
        problem(
          resource,
          'FORM_INVALID',
          '"basedOn" must be { tenant, key, version } of the form this one was copied from',
          el,
        ),
      ],
    };
  }
  const conflicts = conflictingFieldKeys(schema);
  if (conflicts.length > 0) {
    return {
      problems: conflicts.map((c) =>
        problem(
          resource,
          'FORM_FIELD_DUPLICATE',
          `field key "${c.key}" is used by ${c.titles.map((t) => `"${t}"`).join(' and ')}: both would write one value; give each field its own key`,
          el,
        ),
      ),
    };
  }
  const form: FormDefinition = { id, schema };
  if (typeof name === 'string') form.name = name;
  if (uiSchema) form.uiSchema = uiSchema;
  if (basedOn) form.basedOn = { tenant: basedOn.tenant, key: basedOn.key, version: basedOn.version };
  return checked(resource, form);
}

/** The form, when ajv compiles its schema fully (linear-time patterns, known formats); else the problems. */
function checked(resource: string, form: FormDefinition): { form?: FormDefinition; problems: Problem[] } {
  const { schema } = form;
  const el = { id: form.id, $type: 'form' };
  // ajv only warns about parts of a schema it will not check (an unknown format): for a form, that is a problem too.
  const ignored: string[] = [];
  const logger = {
    log: () => undefined,
    warn: (...args: unknown[]) => void ignored.push(args.map(String).join(' ')),
    error: () => undefined,
  };
  try {
    createAjv({ logger }).compile(schema);
  } catch (err) {
    if (err instanceof UnsupportedPatternError) {
      const fields = fieldsWithPattern(schema, err.pattern);
      const where = fields.length > 0 ? `field ${fields.map((f) => `"${f}"`).join(', ')}: ` : '';
      return { problems: [problem(resource, 'PATTERN_UNSUPPORTED', `${where}${err.message}`, el)] };
    }
    return {
      problems: [
        problem(resource, 'FORM_SCHEMA_INVALID', `JSON Schema cannot be compiled: ${(err as Error).message}`, el),
      ],
    };
  }
  if (ignored.length > 0) {
    return {
      problems: [...new Set(ignored)].map((w) =>
        problem(resource, 'FORM_SCHEMA_INVALID', `JSON Schema would not be fully checked: ${w}`, el),
      ),
    };
  }
  return { form, problems: [] };
}

/** The property names (dotted paths) whose `pattern` or `patternProperties` use `pattern`. */
function fieldsWithPattern(schema: unknown, pattern: string, path: string[] = []): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s) => fieldsWithPattern(s, pattern, path));
  if (!isObject(schema)) return [];
  const here =
    schema.pattern === pattern || (isObject(schema.patternProperties) && pattern in schema.patternProperties)
      ? [path.join('.') || '(form)']
      : [];
  const nested = Object.entries(schema).flatMap(([key, value]) => {
    if (key === 'properties' && isObject(value))
      return Object.entries(value).flatMap(([name, s]) => fieldsWithPattern(s, pattern, [...path, name]));
    return typeof value === 'object' ? fieldsWithPattern(value, pattern, path) : [];
  });
  return [...new Set([...here, ...nested])];
}

function isBase(v: unknown): v is NonNullable<FormDefinition['basedOn']> {
  if (!isObject(v)) return false;
  const short = (s: unknown) => typeof s === 'string' && s.length > 0 && s.length <= 128;
  return short(v.tenant) && short(v.key) && Number.isInteger(v.version) && (v.version as number) > 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
