import { useState } from 'react';
import { useApp } from '../app/AppContext.js';
import { CONTAINER_KINDS } from './field-kinds.js';
import { keyFromLabel, uniqueKey } from './field-key.js';
import {
  emptyField,
  FIELD_KINDS,
  limitKeywords,
  optionsFromLabels,
  type Field,
  type KeyProblem,
  type LimitKeyword,
} from './form-model.js';

type T = ReturnType<typeof useApp>['t'];

const LIMIT_LABEL: Record<
  LimitKeyword,
  'fieldMinLength' | 'fieldMaxLength' | 'fieldMin' | 'fieldMax' | 'fieldMinItems' | 'fieldMaxItems'
> = {
  minLength: 'fieldMinLength',
  maxLength: 'fieldMaxLength',
  minimum: 'fieldMin',
  maximum: 'fieldMax',
  minItems: 'fieldMinItems',
  maxItems: 'fieldMaxItems',
};

/**
 * The fields of a form, a section or a list entry, each with its settings; sections and lists nest a list of their own.
 * `path` locates this list in the form (for key problems); conditions are offered on the top level only.
 */
export function FieldList(props: {
  fields: Field[];
  onChange(fields: Field[]): void;
  path: number[];
  problems: KeyProblem[];
  group?: string;
}) {
  const { t } = useApp();
  const { fields, onChange } = props;
  const edit = (i: number, change: Partial<Field>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...change } : f)));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= fields.length) return;
    const next = [...fields];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  // Dragging a row by its handle (native HTML5 drag and drop) moves it to where it is dropped; 上移/下移 stay for keyboards.
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const moveTo = (from: number, to: number) => {
    if (from === to) return;
    const next = [...fields];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    onChange(next);
  };
  const drop = {
    start: (i: number) => {
      setDragging(i);
      setOver(null);
    },
    over: (i: number) => {
      if (dragging === null) return false;
      setOver(i);
      return true;
    },
    drop: (i: number) => {
      if (dragging === null) return false;
      moveTo(dragging, i);
      setDragging(null);
      setOver(null);
      return true;
    },
    end: () => {
      setDragging(null);
      setOver(null);
    },
  };
  const add = () =>
    onChange([
      ...fields,
      emptyField(
        'text',
        fields.map((f) => f.key),
      ),
    ]);
  return (
    <fieldset className="field-list" aria-label={props.group ? t('childFields', { group: props.group }) : t('forms')}>
      {fields.map((f, i) => (
        <FieldRow
          // biome-ignore lint/suspicious/noArrayIndexKey: the row edits the field's key, so that cannot be its identity; a row keeps no state
          key={i}
          field={f}
          index={i}
          siblings={fields}
          topLevel={props.path.length === 0}
          problems={props.problems.filter(
            (p) =>
              p.path.length === props.path.length + 1 &&
              p.path.every((n, k) => (k < props.path.length ? n === props.path[k] : n === i)),
          )}
          nested={props.problems}
          path={[...props.path, i]}
          t={t}
          onEdit={(change) => edit(i, change)}
          onMove={(by) => move(i, by)}
          drag={drop}
          dropTarget={over === i && dragging !== i}
          onRemove={() => onChange(fields.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" onClick={add}>
        {props.group ? t('addChildField', { group: props.group }) : t('addField')}
      </button>
    </fieldset>
  );
}

function FieldRow(props: {
  field: Field;
  index: number;
  siblings: Field[];
  topLevel: boolean;
  problems: KeyProblem[];
  nested: KeyProblem[];
  path: number[];
  t: T;
  onEdit(change: Partial<Field>): void;
  onMove(by: -1 | 1): void;
  /** This list's drag and drop: `over` and `drop` answer false when the drag did not start in this list. */
  drag: { start(i: number): void; over(i: number): boolean; drop(i: number): boolean; end(): void };
  dropTarget: boolean;
  onRemove(): void;
}) {
  const { field: f, t, onEdit } = props;
  const taken = props.siblings.filter((s) => s !== f).map((s) => s.key);
  // While the key still follows the label, typing the label renames the key (readable pinyin, unique in the form).
  const followsLabel = f.key === uniqueKey(keyFromLabel(f.title), taken) || /^field\d*$/.test(f.key);
  const setTitle = (title: string) =>
    onEdit(followsLabel && title ? { title, key: uniqueKey(keyFromLabel(title), taken) } : { title });
  const setKind = (kind: Field['kind']) =>
    onEdit({ kind, limits: {}, ...(CONTAINER_KINDS.includes(kind) ? {} : { children: [] }) });
  const limits = limitKeywords(f.kind);
  const triggers = props.siblings
    .slice(0, props.index)
    .filter((s) => !s.when && (s.kind === 'boolean' || s.kind === 'choice'));
  const keyError = props.problems.map((p) =>
    p.kind === 'invalid' ? t('keyInvalid') : t('keyDuplicate', { key: f.key, other: p.other }),
  )[0];
  return (
    <fieldset
      className={props.dropTarget ? 'field-row drop-target' : 'field-row'}
      data-field={f.key}
      onDragOver={(e) => {
        if (!props.drag.over(props.index)) return;
        e.preventDefault();
        e.stopPropagation();
        e.dataTransfer.dropEffect = 'move';
      }}
      onDrop={(e) => {
        if (!props.drag.drop(props.index)) return;
        e.preventDefault();
        e.stopPropagation();
      }}
    >
      <span
        className="drag-handle"
        draggable
        title={t('dragToReorder')}
        aria-hidden="true"
        data-testid={`drag-${f.key}`}
        onDragStart={(e) => {
          e.stopPropagation();
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', f.key);
          const row = e.currentTarget.parentElement;
          if (row) e.dataTransfer.setDragImage(row, 12, 12);
          props.drag.start(props.index);
        }}
        onDragEnd={props.drag.end}
      >
        ⠿
      </span>
      <label>
        {t('fieldTitle')}
        <input value={f.title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {t('fieldKey')}
        <input
          value={f.key}
          aria-invalid={keyError ? true : undefined}
          onChange={(e) => onEdit({ key: e.target.value.trim() })}
        />
      </label>
      <label>
        {t('fieldKind')}
        <select value={f.kind} onChange={(e) => setKind(e.target.value as Field['kind'])}>
          {FIELD_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind_${k}`)}
            </option>
          ))}
        </select>
      </label>
      {f.kind !== 'display' && (
        <label className="check">
          <input type="checkbox" checked={f.required} onChange={(e) => onEdit({ required: e.target.checked })} />
          {t('fieldRequired')}
        </label>
      )}
      <span className="row-actions">
        <button type="button" className="link" onClick={() => props.onMove(-1)} disabled={props.index === 0}>
          {t('moveUp')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => props.onMove(1)}
          disabled={props.index === props.siblings.length - 1}
        >
          {t('moveDown')}
        </button>
        <button type="button" className="link" onClick={props.onRemove}>
          {t('removeField')}
        </button>
      </span>
      {keyError && (
        <p className="field-key-problem" role="alert">
          {keyError}
        </p>
      )}
      {(f.kind === 'choice' || f.kind === 'multichoice') && (
        <label className="wide">
          {t('fieldChoices')}
          <textarea
            key={f.key}
            rows={3}
            defaultValue={f.options.map((o) => o.label).join('\n')}
            onChange={(e) => onEdit({ options: optionsFromLabels(e.target.value, f.options) })}
          />
        </label>
      )}
      {props.topLevel && triggers.length > 0 && (
        <label>
          {t('fieldWhen')}
          <select
            value={f.when ? `${f.when.key}=${String(f.when.value)}` : ''}
            onChange={(e) => {
              const [key, raw] = e.target.value.split('=') as [string, string | undefined];
              const on = triggers.find((s) => s.key === key);
              onEdit({
                when:
                  on && raw !== undefined ? { key, value: on.kind === 'boolean' ? raw === 'true' : raw } : undefined,
              });
            }}
          >
            <option value="">{t('fieldWhenAlways')}</option>
            {triggers.flatMap((s) =>
              (s.kind === 'boolean'
                ? [
                    { value: 'true', label: t('choiceYes') },
                    { value: 'false', label: t('choiceNo') },
                  ]
                : s.options
              ).map((o) => (
                <option key={`${s.key}=${o.value}`} value={`${s.key}=${o.value}`}>
                  {t('fieldWhenEquals', { field: s.title })}“{o.label}”
                </option>
              )),
            )}
          </select>
        </label>
      )}
      <details className="wide">
        <summary>{t('moreSettings')}</summary>
        <div className="field-settings">
          <label>
            {f.kind === 'display' ? t('fieldDisplayText') : t('fieldHelp')}
            <input value={f.help} onChange={(e) => onEdit({ help: e.target.value })} />
          </label>
          {!CONTAINER_KINDS.includes(f.kind) && f.kind !== 'display' && (
            <>
              <label>
                {t('fieldPlaceholder')}
                <input value={f.placeholder} onChange={(e) => onEdit({ placeholder: e.target.value })} />
              </label>
              <label>
                {t('fieldDefault')}
                <input value={f.defaultValue} onChange={(e) => onEdit({ defaultValue: e.target.value })} />
              </label>
              <label>
                {t('fieldErrorMessage')}
                <input value={f.errorMessage} onChange={(e) => onEdit({ errorMessage: e.target.value })} />
              </label>
            </>
          )}
          {limits?.map((k) => (
            <label key={k}>
              {t(LIMIT_LABEL[k])}
              <input
                type="number"
                value={f.limits[k] ?? ''}
                onChange={(e) => onEdit({ limits: withLimit(f.limits, k, e.target.value) })}
              />
            </label>
          ))}
        </div>
      </details>
      {CONTAINER_KINDS.includes(f.kind) && (
        <div className="wide nested-fields">
          <FieldList
            fields={f.children}
            onChange={(children) => onEdit({ children })}
            path={props.path}
            problems={props.nested}
            group={f.title || f.key}
          />
        </div>
      )}
    </fieldset>
  );
}

function withLimit(limits: Field['limits'], keyword: LimitKeyword, typed: string): Field['limits'] {
  const next = { ...limits };
  const n = Number(typed);
  if (typed.trim() === '' || !Number.isFinite(n)) delete next[keyword];
  else next[keyword] = n;
  return next;
}
