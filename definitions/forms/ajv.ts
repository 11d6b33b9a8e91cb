import { Ajv, type Logger } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export sits on `.default`.
const addFormats = addFormatsModule.default;

/**
 * One ajv instance shared by the compiler, the server and the browser: same rules everywhere.
 * `logger` receives ajv's warnings (e.g. an unknown format it will not check); the compiler turns them into problems.
 */
export function createAjv(options: { logger?: Logger; addUsedSchema?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, messages: true, ...(options.logger ? { logger: options.logger } : {}), ...(options.addUsedSchema === false ? { addUsedSchema: false } : {}) });
  addFormats(ajv);
  return ajv;
}
