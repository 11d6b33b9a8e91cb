import { Ajv, type Logger } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { linearRegExp } from '../regex/linear.js';

// ajv-formats is CommonJS; under NodeNext its default export sits on `.default`.
const addFormats = addFormatsModule.default;

/** ajv options every instance that compiles a tenant's schema needs: `pattern` runs on RE2, in linear time. */
export const TENANT_SCHEMA_OPTIONS = { code: { regExp: linearRegExp } };

/**
 * One ajv instance shared by the compiler, the server and the browser: same rules everywhere.
 * `logger` receives ajv's warnings (e.g. an unknown format it will not check); the compiler turns them into problems.
 */
export function createAjv(options: { logger?: Logger; addUsedSchema?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true, strict: false, messages: true, ...TENANT_SCHEMA_OPTIONS,
    ...(options.logger ? { logger: options.logger } : {}), ...(options.addUsedSchema === false ? { addUsedSchema: false } : {}),
  });
  addFormats(ajv);
  return ajv;
}
