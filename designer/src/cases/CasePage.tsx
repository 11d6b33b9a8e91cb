import { useCallback, useEffect, useState } from 'react';
import type { CaseFile, Me } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { CaseData } from './CaseData.js';
import { valueText } from './value-text.js';
import { CaseDiagram } from './CaseDiagram.js';
import { localTime } from './local-time.js';
import { OpinionBox } from './OpinionBox.js';
import { Attachments } from './Attachments.js';
import { Countersign } from '../inbox/Countersign.js';
import { SupervisionOrders } from './SupervisionOrders.js';

const STATUS: Record<CaseFile['status'], MessageKey> = {
  active: 'caseActive',
  completed: 'caseCompleted',
  terminated: 'caseTerminated',
};
const LIGHT: Record<'green' | 'yellow' | 'red', MessageKey> = {
  green: 'lightGreen',
  yellow: 'lightYellow',
  red: 'lightRed',
};

/** `#/cases/:id`: the case file — where it stands on its diagram, its data, opinions and timeline; printable. */
export function CasePage({ caseId, me }: { caseId: string; me: Me }) {
  const api = useApi();
  const { t, locale } = useApp();
  const [file, setFile] = useState<CaseFile | null>(null);
  const [xml, setXml] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { status, setStatus, fail } = useStatus();

  const load = useCallback(async () => setFile(await api.caseFile(caseId)), [api, caseId]);
  useEffect(() => {
    setFile(null);
    load().catch(fail);
    api.caseDiagram(caseId).then(setXml, () => setXml(null));
  }, [api, caseId, load, fail]);

  const addOpinion = async (body: string) => {
    setBusy(true);
    try {
      await api.addCaseOpinion(caseId, body);
      await load();
      setStatus({ kind: 'ok', text: t('opinionSaved') });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const print = async () => {
    try {
      const html = await api.casePrint(caseId);
      const frame = document.createElement('iframe');
      frame.className = 'print-frame';
      frame.setAttribute('aria-hidden', 'true');
      document.body.appendChild(frame);
      frame.contentDocument!.open();
      frame.contentDocument!.write(html);
      frame.contentDocument!.close();
      frame.contentWindow!.focus();
      frame.contentWindow!.print();
      setTimeout(() => frame.remove(), 60_000);
    } catch (err) {
      fail(err);
    }
  };

  return (
    <main className="case-page">
      <StatusLine status={status} />
      {!file && <p className="muted">…</p>}
      {file && (
        <>
          <div className="toolbar">
            <h2 data-testid="case-title">{t('caseTitle', { no: file.trackingNo ?? file.id })}</h2>
            <span className={`case-status ${file.status}`}>{t(STATUS[file.status])}</span>
            <span className="spacer" />
            <button type="button" className="no-print" onClick={() => void print()}>
              {t('printCase')}
            </button>
          </div>
          <dl className="case-summary">
            {/* What the case does not record (no intake data yet, or hidden at this step) is left out, not shown empty. */}
            {(
              [
                ['caseTenant', file.tenant.name],
                ['caseAppellant', valueText(file.appellant.name, t)],
                ['casePhone', valueText(file.appellant.phone, t)],
                ['caseCategory', valueText(file.category, t)],
                [
                  'caseChannel',
                  valueText(file.channel, t) + (file.enterprise ? `（${valueText(file.enterprise, t)}）` : ''),
                ],
                ['caseRegistered', localTime(file.createdAt, locale)],
              ] as Array<[MessageKey, string]>
            )
              .filter(([, value]) => value !== '')
              .map(([label, value]) => (
                <div key={label}>
                  <dt>{t(label)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
          </dl>
          {file.currentSteps.length > 0 && (
            <section aria-label={t('caseCurrent')}>
              <h3>{t('caseCurrent')}</h3>
              <ul className="case-current">
                {file.currentSteps.map((s) => (
                  <li key={s.taskId}>
                    {s.light && <span className={`light ${s.light}`} title={t(LIGHT[s.light])} />}{' '}
                    <strong>{s.name}</strong>
                    {[
                      s.departments.join('、'),
                      s.assigneeName ? t('claimedBy', { user: s.assigneeName }) : t('unclaimed'),
                      s.dueAt ? t('dueAt', { due: localTime(s.dueAt, locale) }) : '',
                    ]
                      .filter(Boolean)
                      .map((part) => ` · ${part}`)
                      .join('')}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {file.countersigns.map((cs) => (
            <Countersign key={cs.elementId} cs={cs} />
          ))}
          {xml && <CaseDiagram xml={xml} elements={file.diagram.elements} />}
          <div className="case-columns">
            <div>
              <h3>{t('caseData')}</h3>
              <CaseData steps={file.data} />
              <h3>{t('opinions')}</h3>
              <ul className="opinions">
                {file.opinions.map((o) => (
                  <li key={o.id}>
                    <span className="muted">
                      {[localTime(o.createdAt, locale), o.stepName, o.authorName ?? o.author]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                    <p>{o.body}</p>
                  </li>
                ))}
              </ul>
              <OpinionBox busy={busy} onSave={(body) => void addOpinion(body)} />
              <Attachments caseId={caseId} tenant={file.tenant.id} canUpload={file.canAttach} />
              <SupervisionOrders
                caseId={caseId}
                canIssue={file.status === 'active' && me.roles.some((r) => r === 'supervisor' || r === 'tenant-admin')}
                onChanged={() => void load().catch(fail)}
              />
            </div>
            <section aria-label={t('caseTimeline')}>
              <h3>{t('caseTimeline')}</h3>
              <ol className="timeline">
                {file.timeline.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the timeline only grows, so an entry keeps its position
                  <li key={i}>
                    <time>{localTime(e.at, locale)}</time> {e.actor && <strong>{e.actor}</strong>} {e.text}
                  </li>
                ))}
              </ol>
            </section>
          </div>
        </>
      )}
    </main>
  );
}
