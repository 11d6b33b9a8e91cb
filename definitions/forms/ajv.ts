import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export sits on `.default`.
const addFormats = addFormatsModule.default;

/** One ajv instance shared by the compiler, the server and the browser: same rules everywhere. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, messages: true });
  addFormats(ajv);
  return ajv;
}
