/** A form resource (`*.form.json`): a JSON Schema plus an rjsf uiSchema. */
export interface FormDefinition {
  id: string;
  name?: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  /** A tenant's copy of an inherited form: the form (owner tenant, key, version) it was copied from. */
  basedOn?: { tenant: string; key: string; version: number };
  /**
   * `form-js`: compiled from a Camunda form. As in Zeebe, where Tasklist checks a form and the API
   * does not, the task page requires its fields while the server checks the values submitted
   * (a field left out is not required there; one submitted empty is).
   */
  source?: 'form-js';
}
