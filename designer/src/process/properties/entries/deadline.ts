// 办理时限: a working-time deadline (civic:deadline) with its warning threshold and clock start,
// and beside it when it would fall due if the case arrived now, counted by the server on the
// tenant's calendar (holidays and make-up days included).
import { SelectEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { workDurationError } from '../../../../../definitions/index.js';
import type { DeadlinePreview } from '../../../app/api/index.js';
import { ApiError } from '../../../app/api/index.js';
import { useCatalog } from '../catalog.js';
import { durationInWords, durationWords } from '../../../shared/duration-words.js';
import { html, useEffect, useState } from '../html.js';
import { extensionOf, setExtension, valueOrUndefined, type Injector, type PanelElement } from '../moddle-edit.js';

interface Props {
  element: PanelElement;
  id: string;
}

const DEADLINE = 'civic:Deadline';

function deadlineAttr(element: PanelElement, attr: 'duration' | 'warning' | 'start'): string {
  const value = extensionOf(element.businessObject, DEADLINE)?.[attr];
  return typeof value === 'string' ? value : '';
}

/** A literal duration must read on the calendar; a FEEL expression (`=…`) is checked when deployed. */
function durationProblem(text: string): string | null {
  const value = text.trim();
  return value === '' || value.startsWith('=') ? null : workDurationError(value);
}

function DurationField({ element, id, attr }: Props & { attr: 'duration' | 'warning' }) {
  const { t } = useCatalog();
  const injector = useService<Injector>('injector');
  const debounce = useService<(fn: (v: string) => void) => (v: string) => void>('debounceInput');
  return html`<${TextFieldEntry}
    element=${element}
    id=${id}
    label=${t(attr === 'duration' ? 'deadline' : 'warning')}
    description=${t(attr === 'duration' ? 'pp_deadlineHint' : 'pp_warningHint')}
    debounce=${debounce}
    getValue=${() => durationInWords(t, deadlineAttr(element, attr))}
    setValue=${(v: string) => setExtension(injector, element, DEADLINE, { [attr]: valueOrUndefined(v) })}
    validate=${(v: string) => (durationProblem(v ?? '') ? t('durationInvalid') : null)}
  />`;
}

export const DeadlineEntry = (props: Props) => html`<${DurationField} ...${props} attr="duration" />`;
export const WarningEntry = (props: Props) => html`<${DurationField} ...${props} attr="warning" />`;

export function ClockStartEntry({ element, id }: Props) {
  const { t } = useCatalog();
  const injector = useService<Injector>('injector');
  return html`<${SelectEntry}
    element=${element}
    id=${id}
    label=${t('pp_clockStart')}
    getValue=${() => deadlineAttr(element, 'start') || 'created'}
    setValue=${(v: string) => setExtension(injector, element, DEADLINE, { start: v === 'created' ? undefined : v })}
    getOptions=${() => [
      { value: 'created', label: t('pp_clockCreated') },
      { value: 'claimed', label: t('pp_clockClaimed') },
    ]}
  />`;
}

type Shown = { state: 'idle' } | { state: 'ready'; preview: DeadlinePreview } | { state: 'failed'; message: string };

/** "今天受理 → 2026-12-14 17:30 到期（5个工作日）", recounted whenever the duration or the tenant changes. */
export function DeadlinePreviewEntry({ element, id }: Props) {
  const { t, tenant, preview } = useCatalog();
  const duration = deadlineAttr(element, 'duration').trim();
  const warning = deadlineAttr(element, 'warning').trim();
  const [shown, setShown] = useState<Shown>({ state: 'idle' });
  useEffect(() => {
    if (
      !duration ||
      duration.startsWith('=') ||
      durationProblem(duration) ||
      (warning && (warning.startsWith('=') || durationProblem(warning)))
    ) {
      setShown({ state: 'idle' });
      return;
    }
    let current = true;
    preview(tenant, duration, warning || undefined).then(
      (p) => current && setShown({ state: 'ready', preview: p }),
      (err: unknown) =>
        current && setShown({ state: 'failed', message: err instanceof ApiError ? err.message : String(err) }),
    );
    return () => {
      current = false;
    };
  }, [duration, warning, tenant, preview]);
  if (shown.state === 'idle') return null;
  if (shown.state === 'failed') {
    return html`<div class="bio-properties-panel-entry civic-preview" data-entry-id=${id} role="alert">${t('pp_previewFailed', { message: shown.message })}</div>`;
  }
  const p = shown.preview;
  return html`<div class="bio-properties-panel-entry civic-preview" data-entry-id=${id} data-testid="deadline-preview">
    <p>${t('pp_previewDue', { due: localTime(p.dueAtLocal), duration: durationWords(t, p.duration.amount, p.duration.unit) })}</p>
    ${warning ? html`<p>${t('pp_previewWarn', { warn: localTime(p.warnAtLocal) })}</p>` : null}
    ${p.provisional ? html`<p class="civic-provisional">${t('pp_previewProvisional', { years: (p.provisionalYears ?? []).join('、') })}</p>` : null}
  </div>`;
}

/** `2026-12-14T17:30:00.000+08:00` → `2026-12-14 17:30` (already in the tenant's zone). */
function localTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
