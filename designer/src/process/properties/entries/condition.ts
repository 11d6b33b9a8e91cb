// 分支条件 on a flow leaving an exclusive or inclusive gateway: built by pointing at a field the
// case has filled by then, an operator and a value (it writes the FEEL), or, for an expert, the
// FEEL text itself — switching back when the text stays within what the builder shows.
import { useService } from 'bpmn-js-properties-panel';
import { feelExpressionError } from '../../../../../definitions/index.js';
import type { MessageKey } from '../../../app/i18n/index.js';
import {
  clauseProblem,
  fromFeel,
  operatorsFor,
  takesValue,
  toFeel,
  type Clause,
  type ClauseValue,
  type ConditionField,
  type ConditionModel,
  type FieldType,
  type Operator,
} from '../../../shared/condition/condition-model.js';
import { useCatalog, type CatalogForm } from '../catalog.js';
import { upstreamFormIds } from '../diagram-walk.js';
import { html, useEffect, useState } from '../html.js';
import type { BpmnFactory, Injector, ModdleObject, PanelElement } from '../moddle-edit.js';

interface Props {
  element: PanelElement;
  id: string;
}

interface Modeling {
  updateProperties(element: PanelElement, props: Record<string, unknown>): void;
}

interface OfferedField extends ConditionField {
  form: string;
}

function storedFeel(element: PanelElement): string {
  const body = (element.businessObject.conditionExpression as ModdleObject | undefined)?.body;
  return typeof body === 'string' ? body.trim() : '';
}

function writeFeel(injector: Injector, element: PanelElement, body: string): void {
  const expression = body
    ? injector.get<BpmnFactory>('bpmnFactory').create('bpmn:FormalExpression', { body: `=${body}` })
    : undefined;
  injector.get<Modeling>('modeling').updateProperties(element, { conditionExpression: expression });
}

/** The fields of the forms filled before the flow, nearest form first. */
function offeredFields(element: PanelElement, forms: CatalogForm[]): OfferedField[] {
  const byKey = new Map<string, CatalogForm>();
  for (const f of forms) if (!byKey.has(f.key)) byKey.set(f.key, f);
  const seen = new Set<string>();
  const fields: OfferedField[] = [];
  for (const formId of upstreamFormIds(element.businessObject)) {
    const form = byKey.get(formId);
    for (const field of form?.fields ?? []) {
      if (seen.has(field.name)) continue;
      seen.add(field.name);
      fields.push({ ...field, form: form!.name });
    }
  }
  return fields;
}

function guessType(clause: Clause): FieldType {
  if (clause.op === 'before' || clause.op === 'after') return 'date';
  if (typeof clause.value === 'number' || ['gt', 'ge', 'lt', 'le'].includes(clause.op)) return 'number';
  if (typeof clause.value === 'boolean') return 'boolean';
  return 'text';
}

function defaultValue(type: FieldType, op: Operator, field?: ConditionField): ClauseValue {
  if (!takesValue(op)) return null;
  if (op === 'in' || op === 'notIn') return [];
  if (type === 'boolean') return true;
  if (type === 'choice') return field?.options[0] ?? '';
  return type === 'number' ? null : '';
}

export function ConditionEntry({ element, id }: Props) {
  const { t, forms } = useCatalog();
  const injector = useService<Injector>('injector');
  const stored = storedFeel(element);
  const parsed = stored === '' ? { join: 'and' as const, clauses: [] } : fromFeel(stored);
  const [mode, setMode] = useState<'builder' | 'feel'>(parsed ? 'builder' : 'feel');
  const [draft, setDraft] = useState<ConditionModel>(parsed ?? { join: 'and', clauses: [] });
  const [text, setText] = useState(stored.replace(/^=/, ''));
  useEffect(() => {
    // Another change (undo, another flow) replaces what is shown.
    const next = stored === '' ? { join: 'and' as const, clauses: [] } : fromFeel(stored);
    if (next && next.clauses.length > 0) setDraft(next);
    setText(stored.replace(/^=/, ''));
  }, [stored, element.id]);

  const fields = offeredFields(element, forms);
  const fieldOf = (name: string) => fields.find((f) => f.name === name);
  const typeOf = (clause: Clause): FieldType => fieldOf(clause.field)?.type ?? guessType(clause);

  const update = (next: ConditionModel) => {
    setDraft(next);
    if (next.clauses.length === 0) writeFeel(injector, element, '');
    else if (next.clauses.every((c) => !clauseProblem(c))) writeFeel(injector, element, toFeel(next));
  };
  const changeClause = (i: number, patch: Partial<Clause>) =>
    update({ ...draft, clauses: draft.clauses.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const addClause = () => {
    const field = fields[0];
    const type = field?.type ?? 'text';
    const op = operatorsFor(type)[0]!;
    update({
      ...draft,
      clauses: [...draft.clauses, { field: field?.name ?? '', op, value: defaultValue(type, op, field) }],
    });
  };
  const feelProblem = text.trim() === '' ? null : feelExpressionError(text.trim());
  const canBuild = text.trim() === '' || fromFeel(text) !== null;

  if (mode === 'feel') {
    return html`<div class="bio-properties-panel-entry civic-condition" data-entry-id=${id}>
      <label class="bio-properties-panel-label" for="civic-condition-feel">${t('pp_conditionFeel')}</label>
      <textarea id="civic-condition-feel" class="bio-properties-panel-input" rows="3" value=${text}
        onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
        onBlur=${() => !feelProblem && writeFeel(injector, element, text.trim())}></textarea>
      ${feelProblem && html`<p class="bio-properties-panel-error" role="alert">${t('conditionInvalid', { reason: feelProblem })}</p>`}
      <button type="button" class="civic-link" disabled=${!canBuild} onClick=${() => {
        const model = fromFeel(text);
        setDraft(model ?? { join: 'and', clauses: [] });
        setMode('builder');
      }}>${t('pp_conditionToBuilder')}</button>
      ${!canBuild && html`<p class="bio-properties-panel-description">${t('pp_conditionTooComplex')}</p>`}
    </div>`;
  }

  return html`<div class="bio-properties-panel-entry civic-condition" data-entry-id=${id}>
    ${
      draft.clauses.length > 1 &&
      html`<label class="bio-properties-panel-label">${t('pp_conditionJoin')}
      <select class="bio-properties-panel-input" value=${draft.join} onChange=${(e: Event) => update({ ...draft, join: (e.target as HTMLSelectElement).value === 'or' ? 'or' : 'and' })}>
        <option value="and">${t('pp_joinAnd')}</option>
        <option value="or">${t('pp_joinOr')}</option>
      </select>
    </label>`
    }
    ${draft.clauses.map(
      (clause, i) => html`<${ClauseRow} key=${i} index=${i} clause=${clause} fields=${fields} type=${typeOf(clause)}
      onChange=${(patch: Partial<Clause>) => changeClause(i, patch)}
      onRemove=${() => update({ ...draft, clauses: draft.clauses.filter((_, j) => j !== i) })} />`,
    )}
    ${fields.length === 0 && html`<p class="bio-properties-panel-description">${t('pp_conditionNoFields')}</p>`}
    <button type="button" class="civic-link" onClick=${addClause}>${t('pp_conditionAdd')}</button>
    <p class="civic-feel-out" data-testid="condition-feel">${stored ? t('pp_conditionWrote', { feel: stored }) : t('pp_conditionNone')}</p>
    <button type="button" class="civic-link" onClick=${() => {
      setText(stored.replace(/^=/, ''));
      setMode('feel');
    }}>${t('pp_conditionToFeel')}</button>
  </div>`;
}

interface RowProps {
  index: number;
  clause: Clause;
  fields: OfferedField[];
  type: FieldType;
  onChange(patch: Partial<Clause>): void;
  onRemove(): void;
}

function ClauseRow({ index, clause, fields, type, onChange, onRemove }: RowProps) {
  const { t } = useCatalog();
  const field = fields.find((f) => f.name === clause.field);
  const n = index + 1;
  const pickField = (name: string) => {
    const next = fields.find((f) => f.name === name);
    const nextType = next?.type ?? 'text';
    const op = operatorsFor(nextType).includes(clause.op) ? clause.op : operatorsFor(nextType)[0]!;
    onChange({ field: name, op, value: defaultValue(nextType, op, next) });
  };
  const pickOp = (op: Operator) => {
    const listy = (o: Operator) => o === 'in' || o === 'notIn';
    onChange({
      op,
      value:
        listy(op) === listy(clause.op) && takesValue(op) && takesValue(clause.op)
          ? clause.value
          : defaultValue(type, op, field),
    });
  };
  return html`<div class="civic-clause" role="group" aria-label=${t('pp_clause', { n })}>
    <select class="bio-properties-panel-input" aria-label=${t('pp_clauseField', { n })} value=${clause.field} onChange=${(e: Event) => pickField((e.target as HTMLSelectElement).value)}>
      ${!field && html`<option value=${clause.field}>${clause.field || t('pp_pickField')}</option>`}
      ${fields.map((f) => html`<option key=${f.name} value=${f.name}>${f.label}（${f.form}）</option>`)}
    </select>
    <select class="bio-properties-panel-input" aria-label=${t('pp_clauseOperator', { n })} value=${clause.op} onChange=${(e: Event) => pickOp((e.target as HTMLSelectElement).value as Operator)}>
      ${operatorsFor(type).map((op) => html`<option key=${op} value=${op}>${t(`pp_op_${op}` as MessageKey)}</option>`)}
    </select>
    <${ValueInput} n=${n} clause=${clause} type=${type} field=${field} onChange=${(value: ClauseValue) => onChange({ value })} />
    <button type="button" class="civic-link" aria-label=${t('pp_clauseRemove', { n })} onClick=${onRemove}>✕</button>
  </div>`;
}

function ValueInput({
  n,
  clause,
  type,
  field,
  onChange,
}: {
  n: number;
  clause: Clause;
  type: FieldType;
  field?: ConditionField;
  onChange(value: ClauseValue): void;
}) {
  const { t } = useCatalog();
  const label = t('pp_clauseValue', { n });
  const read = (e: Event) => (e.target as HTMLInputElement).value;
  if (!takesValue(clause.op)) return null;
  if (clause.op === 'in' || clause.op === 'notIn') {
    const chosen = Array.isArray(clause.value) ? clause.value : [];
    if (field?.options.length) {
      return html`<fieldset class="civic-choices" aria-label=${label}>
        ${field.options.map(
          (o) => html`<label class="civic-choice" key=${o}>
          <input type="checkbox" checked=${chosen.includes(o)} onChange=${(e: Event) => onChange((e.target as HTMLInputElement).checked ? [...chosen, o] : chosen.filter((x) => x !== o))} />${o}
        </label>`,
        )}
      </fieldset>`;
    }
    return html`<input class="bio-properties-panel-input" aria-label=${label} placeholder=${t('pp_listHint')} value=${chosen.join('，')}
      onChange=${(e: Event) =>
        onChange(
          read(e)
            .split(/[,，、]/)
            .map((s) => s.trim())
            .filter(Boolean),
        )} />`;
  }
  if (type === 'boolean') {
    return html`<select class="bio-properties-panel-input" aria-label=${label} value=${String(clause.value === true)} onChange=${(e: Event) => onChange(read(e) === 'true')}>
      <option value="true">${t('pp_yes')}</option><option value="false">${t('pp_no')}</option>
    </select>`;
  }
  if (type === 'choice' && field?.options.length) {
    return html`<select class="bio-properties-panel-input" aria-label=${label} value=${String(clause.value ?? '')} onChange=${(e: Event) => onChange(read(e))}>
      ${field.options.map((o) => html`<option key=${o} value=${o}>${o}</option>`)}
    </select>`;
  }
  if (type === 'number') {
    return html`<input type="number" class="bio-properties-panel-input" aria-label=${label} value=${typeof clause.value === 'number' ? clause.value : ''}
      onChange=${(e: Event) => onChange(read(e).trim() === '' ? null : Number(read(e)))} />`;
  }
  return html`<input type=${type === 'date' ? 'date' : 'text'} class="bio-properties-panel-input" aria-label=${label} value=${typeof clause.value === 'string' ? clause.value : ''}
    onChange=${(e: Event) => onChange(read(e))} />`;
}
