import { type FormEvent, useState } from 'react';
import { useApp } from '../app/AppContext.js';
import { FileField, type FileFieldContext } from '../shared/FileWidget.js';
import { type LightField, formProblems, problemsByField } from './light-form.js';

/**
 * A public intake form drawn without rjsf (see light-form.ts): the same markup and class names as
 * rjsf's (labels, `form-group`, `form-control`, the error list under a field), so it looks and reads
 * the same. Checked when sent, in the server's words; what the server still refuses shows under its field.
 */
export function LightForm(props: {
  schema: Record<string, unknown>;
  fields: LightField[];
  data: Record<string, unknown>;
  submitLabel: string;
  disabled: boolean;
  /** The server's FORM_INVALID problems of the last submission. */
  serverProblems: ReadonlyArray<{ path?: string; message: string }>;
  onChange(data: Record<string, unknown>): void;
  onSubmit(data: Record<string, unknown>): void;
  files?: FileFieldContext;
}) {
  const { locale } = useApp();
  const [problems, setProblems] = useState<Record<string, string>>({});
  /** Fields changed since the server's answer: its problem about them no longer shows. */
  const [changed, setChanged] = useState<{ of: unknown; keys: Set<string> }>({ of: null, keys: new Set() });
  const server = problemsByField(props.serverProblems, props.fields);
  const edited = changed.of === props.serverProblems ? changed.keys : new Set<string>();

  const set = (key: string, value: unknown) => {
    const next = { ...props.data };
    if (value === undefined) delete next[key];
    else next[key] = value;
    setProblems(({ [key]: _gone, ...rest }) => rest);
    setChanged({ of: props.serverProblems, keys: new Set([...edited, key]) });
    props.onChange(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = formProblems(props.schema, props.fields, props.data, locale);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`root_${Object.keys(found)[0]}`)?.focus();
      return;
    }
    props.onSubmit(props.data);
  };

  const title = props.schema.title;
  const description = props.schema.description;
  return (
    <form className="rjsf light-form" noValidate onSubmit={submit}>
      <fieldset id="root">
        {typeof title === 'string' && <legend id="root__title">{title}</legend>}
        {typeof description === 'string' && <p className="field-description">{description}</p>}
        {props.fields.map((f) => {
          const errors = [
            ...(problems[f.key] ? [problems[f.key]!] : []),
            ...(edited.has(f.key) ? [] : (server[f.key] ?? [])),
          ].filter((m, i, all) => all.indexOf(m) === i);
          return (
            <Field
              key={f.key}
              field={f}
              value={props.data[f.key]}
              errors={errors}
              disabled={props.disabled}
              files={props.files}
              onChange={(v) => set(f.key, v)}
            />
          );
        })}
      </fieldset>
      <div>
        <button type="submit" className="btn btn-info" disabled={props.disabled}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}

function Field(props: {
  field: LightField;
  value: unknown;
  errors: string[];
  disabled: boolean;
  files: FileFieldContext | undefined;
  onChange(value: unknown): void;
}) {
  const { field: f, value } = props;
  const id = `root_${f.key}`;
  if (f.widget === 'hidden')
    return <input type="hidden" id={id} name={id} value={value === undefined ? '' : String(value)} />;
  const description = typeof f.ui['ui:description'] === 'string' ? f.ui['ui:description'] : f.schema.description;
  const help = f.ui['ui:help'];
  const type = Array.isArray(f.schema.type) ? 'string' : String(f.schema.type ?? 'string');
  const labelled = f.widget !== 'checkbox';
  return (
    <div
      className={`form-group field field-${type}${props.errors.length > 0 ? ' field-error has-error has-danger' : ''}`}
    >
      {labelled &&
        (f.widget === 'display' ? (
          <p className="control-label">{f.title}</p>
        ) : (
          <label className="control-label" htmlFor={id}>
            {f.title}
            {f.required && <span className="required">*</span>}
          </label>
        ))}
      {typeof description === 'string' && (
        <div id={`${id}__description`} className="field-description">
          {description}
        </div>
      )}
      <Control {...props} id={id} />
      {props.errors.length > 0 && (
        <div>
          <ul className="error-detail bs-callout bs-callout-info">
            {props.errors.map((m) => (
              <li key={m} className="text-danger">
                {m}
              </li>
            ))}
          </ul>
        </div>
      )}
      {typeof help === 'string' && <div className="help-block">{help}</div>}
    </div>
  );
}

const INPUT_TYPE: Partial<Record<LightField['kind'], string>> = {
  mobile: 'tel',
  landline: 'tel',
  email: 'email',
  date: 'date',
  datetime: 'datetime-local',
  number: 'number',
  money: 'number',
};

function Control(props: {
  id: string;
  field: LightField;
  value: unknown;
  errors: string[];
  disabled: boolean;
  files: FileFieldContext | undefined;
  onChange(value: unknown): void;
}) {
  const { t } = useApp();
  const { id, field: f, value, onChange } = props;
  const s = f.schema;
  const disabled = props.disabled;
  const readOnly = s.readOnly === true;
  const invalid = props.errors.length > 0 || undefined;
  const placeholder = typeof f.ui['ui:placeholder'] === 'string' ? f.ui['ui:placeholder'] : undefined;
  const describedBy = typeof s.description === 'string' ? `${id}__description` : undefined;
  switch (f.widget) {
    case 'display':
      return null;
    case 'file':
      return (
        <FileField
          id={id}
          label={f.title}
          value={value}
          maxItems={typeof s.maxItems === 'number' ? s.maxItems : undefined}
          disabled={disabled}
          readonly={readOnly}
          files={props.files}
          onChange={onChange}
        />
      );
    case 'checkbox':
      return (
        <div className="checkbox">
          <label>
            <input
              type="checkbox"
              id={id}
              name={id}
              checked={value === true}
              required={f.required}
              disabled={disabled || readOnly}
              aria-invalid={invalid}
              onChange={(e) => onChange(e.currentTarget.checked ? true : f.kind === 'confirm' ? undefined : false)}
            />
            <span>
              {f.title}
              {f.required && <span className="required">*</span>}
            </span>
          </label>
        </div>
      );
    case 'radio': {
      const options: unknown[] = f.kind === 'boolean' ? [true, false] : (s.enum as unknown[]);
      return (
        <Choices
          id={id}
          type="radio"
          options={options}
          label={(o) => (typeof o === 'boolean' ? t(o ? 'choiceYes' : 'choiceNo') : String(o))}
          checked={(o) => value === o}
          required={f.required}
          disabled={disabled || readOnly}
          onCheck={(o) => onChange(o)}
          groupProps={{ className: 'field-radio-group', role: 'radiogroup', 'aria-label': f.title }}
        />
      );
    }
    case 'checkboxes': {
      const options = (s.items as { enum: unknown[] }).enum;
      const chosen = Array.isArray(value) ? value : [];
      return (
        <Choices
          id={id}
          type="checkbox"
          options={options}
          label={String}
          checked={(o) => chosen.includes(o)}
          disabled={disabled || readOnly}
          onCheck={(o, checked) =>
            onChange(checked ? options.filter((x) => x === o || chosen.includes(x)) : chosen.filter((x) => x !== o))
          }
          groupProps={{ className: 'checkboxes' }}
        />
      );
    }
    case 'select': {
      const options = s.enum as unknown[];
      const index = options.indexOf(value);
      return (
        <select
          id={id}
          name={id}
          className="form-control"
          value={index < 0 ? '' : String(index)}
          required={f.required}
          disabled={disabled || readOnly}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : options[Number(e.currentTarget.value)])}
        >
          <option value="">{placeholder ?? ''}</option>
          {options.map((o, i) => (
            <option key={String(o)} value={String(i)}>
              {String(o)}
            </option>
          ))}
        </select>
      );
    }
    case 'textarea':
      return (
        <textarea
          id={id}
          name={id}
          className="form-control"
          rows={5}
          value={typeof value === 'string' ? value : ''}
          placeholder={placeholder}
          required={f.required}
          minLength={typeof s.minLength === 'number' ? s.minLength : undefined}
          maxLength={typeof s.maxLength === 'number' ? s.maxLength : undefined}
          disabled={disabled}
          readOnly={readOnly}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
        />
      );
    default: {
      const inputType =
        typeof f.ui['ui:inputType'] === 'string' ? f.ui['ui:inputType'] : (INPUT_TYPE[f.kind] ?? 'text');
      const numeric = f.kind === 'number' || f.kind === 'money';
      const shown =
        value === undefined
          ? ''
          : f.kind === 'datetime' && typeof value === 'string'
            ? localDateTime(value)
            : String(value);
      return (
        <input
          id={id}
          name={id}
          className="form-control"
          type={inputType}
          value={shown}
          placeholder={placeholder}
          required={f.required}
          minLength={typeof s.minLength === 'number' ? s.minLength : undefined}
          maxLength={typeof s.maxLength === 'number' ? s.maxLength : undefined}
          min={numeric && typeof s.minimum === 'number' ? s.minimum : undefined}
          max={numeric && typeof s.maximum === 'number' ? s.maximum : undefined}
          step={
            numeric ? (s.type === 'integer' ? 1 : typeof s.multipleOf === 'number' ? s.multipleOf : 'any') : undefined
          }
          inputMode={f.kind === 'mobile' ? 'tel' : undefined}
          autoComplete={f.kind === 'mobile' ? 'tel' : undefined}
          disabled={disabled}
          readOnly={readOnly}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => {
            const raw = e.currentTarget.value;
            if (raw === '') onChange(undefined);
            else if (numeric) onChange(Number.isNaN(Number(raw)) ? raw : Number(raw));
            else if (f.kind === 'datetime') onChange(new Date(raw).toJSON() ?? raw);
            else onChange(raw);
          }}
        />
      );
    }
  }
}

/**
 * A radio group or a group of tick boxes, one input per option, in rjsf's markup (its RadioWidget and
 * CheckboxesWidget): `id-0`, `id-1` … for the inputs, the option's index as their value.
 */
function Choices(props: {
  id: string;
  type: 'radio' | 'checkbox';
  options: unknown[];
  label(option: unknown): string;
  checked(option: unknown): boolean;
  required?: boolean;
  disabled: boolean;
  onCheck(option: unknown, checked: boolean): void;
  groupProps: { className: string; role?: string; 'aria-label'?: string };
}) {
  const { id, type, options } = props;
  return (
    <div {...props.groupProps} id={id}>
      {options.map((o, i) => (
        <div key={String(o)} className={type}>
          <label>
            <span>
              <input
                type={type}
                id={`${id}-${i}`}
                name={id}
                value={String(i)}
                checked={props.checked(o)}
                required={props.required}
                disabled={props.disabled}
                onChange={(e) => props.onCheck(o, e.currentTarget.checked)}
              />
              <span>{props.label(o)}</span>
            </span>
          </label>
        </div>
      ))}
    </div>
  );
}

/** An ISO date-time as `<input type="datetime-local">` shows it (the phone's time zone), as rjsf does. */
function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
