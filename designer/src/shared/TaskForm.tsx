import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  extendFormAjv,
  formErrorMessage,
  HIDE_RULES_KEY,
  isEchoError,
  TENANT_SCHEMA_OPTIONS,
} from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';
import { FileWidget, type FileFieldContext } from './FileWidget.js';
import { BUTTON_TEMPLATES, formTranslator } from './form-buttons.js';
import { HIDDEN_FIELD, hiddenField } from './hidden-field.js';

type ConditionsModule = typeof import('./form-conditions.js');
type Conditions = ReturnType<ConditionsModule['formConditions']>;
let conditionsModule: Promise<ConditionsModule> | undefined;

/**
 * A Camunda form's hide rules on the values as they are now (form-conditions.ts). Its FEEL
 * (feelin, luxon, the Temporal polyfill) loads only for a form that has such rules: null until then.
 */
function useFormConditions(uiSchema: Record<string, unknown>, data: Record<string, unknown>): Conditions | null {
  const rules = uiSchema[HIDE_RULES_KEY];
  const needed = Array.isArray(rules) && rules.length > 0;
  const [module, setModule] = useState<ConditionsModule | null>(null);
  useEffect(() => {
    if (needed && !module) void (conditionsModule ??= import('./form-conditions.js')).then(setModule);
  }, [needed, module]);
  return useMemo(() => {
    if (!needed) return { hidden: [], uiSchema, transformErrors: (errors) => errors, strip: (values) => values };
    return module ? module.formConditions(uiSchema, data) : null;
  }, [needed, module, uiSchema, data]);
}

/** The widgets civicflow's forms name in their uiSchema beside rjsf's own. */
const WIDGETS = { attachments: FileWidget };
/** Array buttons with words, not glyph-font icons. */
const TEMPLATES = { ButtonTemplates: BUTTON_TEMPLATES };

/** A task's form from its JSON Schema (rjsf), validated in the browser with the same rules the server applies. */
export function TaskForm(props: {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  data: Record<string, unknown>;
  submitLabel: string;
  disabled: boolean;
  /** Problems the server found (FORM_INVALID), by field. */
  serverErrors: ErrorSchema | undefined;
  onChange(data: Record<string, unknown>): void;
  onSubmit(data: Record<string, unknown>): void;
  /** Shown between the fields and the submit button. */
  children?: ReactNode;
  /** Where the form's file fields upload to (a task, the public intake); without it they only say where to attach. */
  files?: FileFieldContext;
}) {
  const { locale, t } = useApp();
  const translateString = useMemo(() => formTranslator(t), [t]);
  // The schema is a tenant's: its patterns run on the same linear-time engine, its formats are the server's.
  const validator = useMemo(
    () => customizeValidator({ ajvOptionsOverrides: TENANT_SCHEMA_OPTIONS, extenderFn: extendFormAjv }),
    [],
  );
  // The server's words for the same errors: the field's label, never a pattern or a schema path.
  const transformErrors = useCallback(
    (errors: RJSFValidationError[]) =>
      errors
        .filter((e) => !isEchoError(e.name ?? ''))
        .map((e) => {
          const message = formErrorMessage(
            props.schema,
            pointerOf(e.property),
            {
              keyword: e.name ?? '',
              params: (e.params ?? {}) as Record<string, unknown>,
              ...(e.message ? { message: e.message } : {}),
            },
            locale,
          );
          return { ...e, message, stack: message };
        })
        // A pattern and a format failing on one field read the same: say it once.
        .filter((e, i, all) => all.findIndex((o) => o.property === e.property && o.message === e.message) === i),
    [props.schema, locale],
  );
  // A Camunda form's hide rules, on the values as they are now.
  const conditions = useFormConditions(props.uiSchema, props.data);
  if (!conditions) return <p className="muted loading">…</p>;
  return (
    <Form
      schema={props.schema as RJSFSchema}
      uiSchema={{
        ...(conditions.uiSchema as UiSchema),
        'ui:submitButtonOptions': { submitText: props.submitLabel, props: { disabled: props.disabled } },
      }}
      fields={{ [HIDDEN_FIELD]: hiddenField }}
      widgets={WIDGETS}
      templates={TEMPLATES}
      translateString={translateString}
      formContext={{ files: props.files }}
      formData={props.data}
      validator={validator}
      showErrorList={false}
      noHtml5Validate
      extraErrors={props.serverErrors}
      transformErrors={(errors) => transformErrors(conditions.transformErrors(errors))}
      onChange={(e) => props.onChange((e.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(e) => props.onSubmit(conditions.strip((e.formData ?? {}) as Record<string, unknown>))}
    >
      {props.children && (
        <>
          {props.children}
          <button type="submit" className="btn btn-info" disabled={props.disabled}>
            {props.submitLabel}
          </button>
        </>
      )}
    </Form>
  );
}

/** rjsf's `.parties.0.name` (the missing property already appended) as the server's JSON pointer `/parties/0/name`. */
function pointerOf(property: string | undefined): string {
  const parts = (property ?? '').split('.').filter(Boolean);
  return parts.length > 0 ? `/${parts.join('/')}` : '';
}
