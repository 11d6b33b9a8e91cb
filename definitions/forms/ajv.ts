import { Ajv, type Logger, type Vocabulary } from 'ajv';
import ajvErrorsModule from 'ajv-errors';
import addFormatsModule from 'ajv-formats';
import nextVocabularyModule from 'ajv/dist/vocabularies/next.js';
import { linearRegExp } from '../regex/linear.js';
import { CIVIC_FORMATS } from './formats.js';

// ajv-formats and ajv-errors are CommonJS; under NodeNext their default export sits on `.default`
// (the browser bundle hands over the function itself).
type Plugin = (ajv: Ajv) => Ajv;
const addFormats = pluginOf(addFormatsModule);
const ajvErrors = pluginOf(ajvErrorsModule);

function pluginOf(module: unknown): Plugin {
  return ((module as { default?: unknown }).default ?? module) as Plugin;
}

// The 2019 keywords a form's conditional rules use (`dependentRequired`, `dependentSchemas`), for draft-07 ajv.
const nextVocabulary = ((nextVocabularyModule as unknown as { default?: unknown }).default ??
  nextVocabularyModule) as Vocabulary;

/** ajv options every instance that compiles a tenant's schema needs: `pattern` runs on RE2, in linear time. */
export const TENANT_SCHEMA_OPTIONS = { code: { regExp: linearRegExp } };

/**
 * What every ajv that checks a form adds, in the browser (rjsf's `extenderFn`) and on the server:
 * civicflow's formats (cn-mobile, cn-id-card …), `dependentRequired`, and ajv-errors, so a field's own
 * `errorMessage` is its message.
 */
export function extendFormAjv<A extends Ajv>(ajv: A): A {
  ajv.addVocabulary(nextVocabulary);
  for (const [name, validate] of Object.entries(CIVIC_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
  ajvErrors(ajv);
  return ajv;
}

/**
 * One ajv instance shared by the compiler, the server and the browser: same rules everywhere.
 * `logger` receives ajv's warnings (e.g. an unknown format it will not check); the compiler turns them into problems.
 */
export function createAjv(options: { logger?: Logger; addUsedSchema?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    messages: true,
    ...TENANT_SCHEMA_OPTIONS,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.addUsedSchema === false ? { addUsedSchema: false } : {}),
  });
  addFormats(ajv);
  return extendFormAjv(ajv);
}
