import type { StaticType } from '../feel/analysis.js';
import type { FormDefinition } from '../model/index.js';

/** A form's top-level fields and, where the schema says, their types (a `date` format is a date). */
export function formFields(form: FormDefinition): Map<string, StaticType | undefined> {
  const fields = new Map<string, StaticType | undefined>();
  const properties = form.schema.properties;
  if (!properties || typeof properties !== 'object') return fields;
  for (const [name, raw] of Object.entries(properties as Record<string, unknown>)) {
    fields.set(name, raw && typeof raw === 'object' ? typeOfSchema(raw as Record<string, unknown>) : undefined);
  }
  return fields;
}

function typeOfSchema(schema: Record<string, unknown>): StaticType | undefined {
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  if (type.length !== 1) return undefined;
  switch (type[0]) {
    case 'string':
      return schema.format === 'date' ? 'date' : 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}
