import {
  feelNames,
  FEEL_CONTEXT_KEY,
  validateFormData,
  type FieldProblem,
  type FormDefinition,
  type Locale,
} from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';
import {
  dataByStep,
  earlierFields,
  fieldSchemaInCase,
  fieldsOf,
  permissionsOf,
  shownValue,
  type CaseFile,
  type CaseStepData,
  type CaseDataView,
} from './case-data.js';
import { formFeel, formWithOptions } from './form-feel.js';
import { accessOf, hiddenFieldsOf, isPhoneField, maskPhone, sameValue, type FieldSchema } from './field-access.js';

export interface StepTask {
  id: string;
  element_id: string;
}

export interface StepForm {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  data: Record<string, unknown>;
  /** The case's data captured by other steps, read-only, under this step's permissions. */
  caseData: CaseStepData[];
}

/** How a step's handler sees the case: the step's hidden fields, phones masked without `pii:read`. */
export function stepView(file: CaseFile, elementId: string, canReadPii: boolean): CaseDataView {
  return { hidden: new Set(hiddenFieldsOf(permissionsOf(file, elementId))), maskPhones: !canReadPii };
}

/**
 * The step's own form with its field permissions applied (hidden fields removed, read-only ones
 * marked, required ones added to the rules) and, above it, the case's data so far.
 */
export function stepForm(
  file: CaseFile,
  task: StepTask,
  stored: FormDefinition | undefined,
  current: Record<string, unknown>,
  view: CaseDataView,
  now = new Date().toISOString(),
): StepForm {
  const form = formWithOptions(stored, current, now);
  const permissions = permissionsOf(file, task.element_id);
  const own = fieldsOf(form);
  const properties: Record<string, FieldSchema> = {};
  const uiSchema: Record<string, unknown> = { ...(form?.uiSchema ?? {}) };
  const required = new Set<string>((form?.schema.required ?? []) as string[]);
  const data: Record<string, unknown> = {};
  const place = (key: string, prop: FieldSchema) => {
    const access = accessOf(permissions, key, true);
    if (access === 'hidden') {
      required.delete(key);
      delete uiSchema[key];
      return;
    }
    properties[key] = access === 'readonly' ? readOnlyField(key, prop, view) : prop;
    if (access === 'readonly')
      uiSchema[key] = { ...((uiSchema[key] as object | undefined) ?? {}), 'ui:readonly': true };
    if (access === 'required') required.add(key);
    // A field the handler may change is shown as it is: a masked phone could be neither checked nor kept.
    if (key in current) data[key] = access === 'readonly' ? shownValue(key, prop, current[key], view) : current[key];
  };
  for (const [key, prop] of Object.entries(own)) place(key, prop);
  for (const [key, access] of Object.entries(permissions ?? {})) {
    if (access !== 'required' || key in properties) continue;
    const prop = fieldSchemaInCase(file, key);
    if (prop) place(key, prop);
  }
  const schema = {
    ...(form?.schema ?? { type: 'object' }),
    properties,
    required: [...required].filter((k) => k in properties),
  };
  // A Camunda form's hide rules and computed limits run in the browser too, over the variables they read that this step may see.
  const names = feelNames(form).filter((n) => n in current && !view.hidden.has(n));
  if (names.length > 0)
    uiSchema[FEEL_CONTEXT_KEY] = Object.fromEntries(
      names.map((n) => [n, view.maskPhones && isPhoneField(n) ? maskPhone(current[n]) : current[n]]),
    );
  return {
    schema,
    uiSchema,
    data,
    caseData: dataByStep(file, view, { taskId: task.id, fields: new Set(Object.keys(properties)) }),
  };
}

/**
 * The variables a completion may set: a value the handler may not change (hidden, read-only, or
 * another step's data) is refused with FIELD_READONLY unless it is the value already there (a form
 * sends its read-only fields back), and such unchanged values are dropped; so is a masked phone
 * sent back as shown. Then the form's rules and the step's `required` fields are checked.
 */
export function checkCompletion(
  file: CaseFile,
  task: StepTask,
  form: FormDefinition | undefined,
  submitted: Record<string, unknown>,
  view: CaseDataView,
  locale: Locale,
  now = new Date().toISOString(),
): Record<string, unknown> {
  const permissions = permissionsOf(file, task.element_id);
  const own = fieldsOf(form);
  const earlier = earlierFields(file, task.element_id);
  const variables: Record<string, unknown> = {};
  const refused: string[] = [];
  for (const [key, value] of Object.entries(submitted)) {
    const ownField = key in own;
    if (!ownField && !earlier.has(key) && !permissions?.[key]) {
      variables[key] = value; // a variable no form of the case names: as before, the step's business
      continue;
    }
    const current = file.variables[key];
    const unchanged =
      sameValue(value, current) ||
      (view.maskPhones && isPhoneField(key, own[key]) && sameValue(value, maskPhone(current)));
    const access = accessOf(permissions, key, ownField);
    if (access === 'editable' || access === 'required') {
      variables[key] = unchanged && view.maskPhones && isPhoneField(key, own[key]) ? current : value;
      continue;
    }
    if (!unchanged) refused.push(key);
  }
  if (refused.length > 0) {
    const labels = refused.map((k) => (own[k] ?? fieldSchemaInCase(file, k))?.title ?? k);
    throw new ApiError(
      400,
      'FIELD_READONLY',
      locale === 'zh-CN' ? `本环节不能修改：${labels.join('、')}` : `this step may not change: ${labels.join(', ')}`,
      refused.map((k) => ({
        path: `/${k}`,
        keyword: 'readOnly',
        message:
          locale === 'zh-CN'
            ? `本环节不能修改${labels[refused.indexOf(k)]}`
            : `${labels[refused.indexOf(k)]} cannot be changed at this step`,
      })),
    );
  }
  const problems: FieldProblem[] = [];
  if (form) {
    // Fields the handler cannot change count with the value they already have.
    const kept = Object.fromEntries(
      Object.keys(own)
        .filter((k) => accessOf(permissions, k, true) === 'readonly' || accessOf(permissions, k, true) === 'hidden')
        .filter((k) => k in file.variables)
        .map((k) => [k, file.variables[k]]),
    );
    problems.push(
      ...validateFormData(
        formWithOptions(form, file.variables, now),
        { ...kept, ...variables },
        locale,
        formFeel(file.variables, now),
      ),
    );
  }
  for (const [key, access] of Object.entries(permissions ?? {})) {
    if (access !== 'required' || problems.some((p) => p.path === `/${key}`)) continue;
    const value = key in variables ? variables[key] : undefined;
    if (value === undefined || value === null || value === '') {
      const label = (own[key] ?? fieldSchemaInCase(file, key))?.title ?? key;
      problems.push({
        path: `/${key}`,
        keyword: 'required',
        message: locale === 'zh-CN' ? `请填写${label}` : `${label} is required`,
      });
    }
  }
  if (problems.length > 0) {
    const message =
      locale === 'zh-CN'
        ? `表单填写有误：${problems.map((p) => p.message).join('；')}`
        : `form data is invalid: ${problems.map((p) => p.message).join('; ')}`;
    throw new ApiError(400, 'FORM_INVALID', message, problems);
  }
  return variables;
}

/**
 * A read-only field as the form shows it. A phone shown masked (without `pii:read`) loses its
 * format: "138****1234" is not the number and cannot pass a phone check the handler could not
 * fix; the server keeps the real number (the masked value sent back is dropped).
 */
function readOnlyField(key: string, prop: FieldSchema, view: CaseDataView): FieldSchema {
  if (!(view.maskPhones && isPhoneField(key, prop))) return { ...prop, readOnly: true };
  const {
    format: _format,
    pattern: _pattern,
    errorMessage: _message,
    ...rest
  } = prop as FieldSchema & {
    format?: unknown;
    pattern?: unknown;
    errorMessage?: unknown;
  };
  return { ...rest, readOnly: true };
}
