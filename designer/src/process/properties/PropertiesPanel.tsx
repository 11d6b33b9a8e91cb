import { useEffect, useState } from 'react';
import { feelExpressionError, workDurationError } from '../../../../definitions/index.js';
import type { Group } from '../../app/api/index.js';
import { useApp } from '../../app/AppContext.js';
import { factsOf, setCondition, setExtension, setName, type DiagramElement, type ModelerServices } from './element-facts.js';

interface Props {
  services: ModelerServices | null;
  element: DiagramElement | null;
  /** Bumped by the editor on every change, so the panel reads the element again. */
  revision: number;
  groups: Group[];
}

/**
 * What the runtime reads from the selected element, editable: its name; for a user task the
 * handling departments (candidate groups), the form and the deadline; for a flow leaving a
 * gateway its condition. Texts are committed on blur or Enter (one undoable change each).
 */
export function PropertiesPanel({ services, element, revision, groups }: Props) {
  const { t } = useApp();
  const facts = element ? factsOf(element) : null;
  const [draft, setDraft] = useState<Record<string, string>>({});
  useEffect(() => setDraft({}), [element?.id, revision]);

  if (!services || !element || !facts) {
    return (
      <aside className="properties" aria-label={t('properties')}>
        <h3>{t('properties')}</h3>
        <p className="muted">{t('noSelection')}</p>
      </aside>
    );
  }

  const value = (field: string, stored: string) => draft[field] ?? stored;
  const edit = (field: string) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const commitOnEnter = (e: { key: string; currentTarget: HTMLInputElement }) => e.key === 'Enter' && e.currentTarget.blur();
  const conditionError = facts.takesCondition ? conditionProblem(value('condition', facts.condition)) : null;
  const deadlineError = durationProblem(value('deadline', facts.deadline));
  const warningError = durationProblem(value('warning', facts.warning));
  const toggleGroup = (id: string, on: boolean) => {
    const next = on ? [...facts.candidateGroups, id] : facts.candidateGroups.filter((g) => g !== id);
    setExtension(services, element, 'zeebe:AssignmentDefinition', { candidateGroups: next.join(',') });
  };
  const known = new Set(groups.map((g) => g.id));
  const unknownAssigned = facts.candidateGroups.filter((g) => !known.has(g));

  return (
    <aside className="properties" aria-label={t('properties')}>
      <h3>{t('properties')}</h3>
      <p className="muted" data-testid="selected-element">
        {facts.type.replace('bpmn:', '')} · {facts.id}
      </p>
      <label>
        {t('name')}
        <input name="name" value={value('name', facts.name)} onChange={edit('name')} onBlur={(e) => setName(services, element, e.target.value)} onKeyDown={commitOnEnter} />
      </label>
      {facts.isUserTask && (
        <>
          <fieldset>
            <legend>{t('candidateGroups')}</legend>
            {[...groups.map((g) => ({ id: g.id, label: `${g.name}（${g.id}）` })), ...unknownAssigned.map((id) => ({ id, label: id }))].map((g) => (
              <label key={g.id} className="check">
                <input type="checkbox" checked={facts.candidateGroups.includes(g.id)} onChange={(e) => toggleGroup(g.id, e.target.checked)} />
                {g.label}
              </label>
            ))}
          </fieldset>
          <label>
            {t('formId')}
            <input name="formId" value={value('formId', facts.formId)} onChange={edit('formId')} onBlur={(e) => setExtension(services, element, 'zeebe:FormDefinition', { formId: e.target.value })} onKeyDown={commitOnEnter} />
          </label>
          <label>
            {t('deadline')}
            <input name="deadline" value={value('deadline', facts.deadline)} placeholder="5 workDay / 5个工作日" onChange={edit('deadline')} onBlur={(e) => !durationProblem(e.target.value) && setExtension(services, element, 'civic:Deadline', { duration: e.target.value })} onKeyDown={commitOnEnter} />
          </label>
          {deadlineError && <p className="field-error" role="alert">{t('durationInvalid')}</p>}
          <label>
            {t('warning')}
            <input name="warning" value={value('warning', facts.warning)} placeholder="1 workDay" onChange={edit('warning')} onBlur={(e) => !durationProblem(e.target.value) && setExtension(services, element, 'civic:Deadline', { warning: e.target.value })} onKeyDown={commitOnEnter} />
          </label>
          {warningError && <p className="field-error" role="alert">{t('durationInvalid')}</p>}
        </>
      )}
      {facts.takesCondition && (
        <>
          <label>
            {t('condition')}
            <input name="condition" value={value('condition', facts.condition)} placeholder='=category = "劳动纠纷"' onChange={edit('condition')} onBlur={(e) => !conditionProblem(e.target.value) && setCondition(services, element, e.target.value)} onKeyDown={commitOnEnter} />
          </label>
          {conditionError && (
            <p className="field-error" role="alert">
              {t('conditionInvalid', { reason: conditionError })}
            </p>
          )}
        </>
      )}
    </aside>
  );
}

/** Conditions are Zeebe expressions: `=` then FEEL. Empty is allowed here (the compiler reports a missing one). */
function conditionProblem(text: string): string | null {
  const body = text.trim();
  if (body === '') return null;
  return feelExpressionError(body.startsWith('=') ? body.slice(1) : body);
}

function durationProblem(text: string): string | null {
  return text.trim() === '' ? null : workDurationError(text);
}
