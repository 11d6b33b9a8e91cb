/** A form resource (`*.form.json`): a JSON Schema plus an rjsf uiSchema. */
export interface FormDefinition {
  id: string;
  name?: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
}
