/** A form resource (`*.form.json`): a JSON Schema plus an rjsf uiSchema. */
export interface FormDefinition {
  id: string;
  name?: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  /** A tenant's copy of an inherited form: the form (owner tenant, key, version) it was copied from. */
  basedOn?: { tenant: string; key: string; version: number };
}
