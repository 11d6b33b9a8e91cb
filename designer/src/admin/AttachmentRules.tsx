import { useState } from 'react';
import type { MessageKey } from '../app/i18n/index.js';
import { sizeText } from '../shared/attachment-kinds.js';
import type { AttachmentPolicy, AttachmentPolicyAnswer } from './admin-api.js';
import { InheritCell, UnitPicker, useInheritedSettings } from './inherited.js';
import { tenantName, type SectionProps } from './section.js';

type Key = keyof AttachmentPolicy;
type Kind = AttachmentPolicy['kinds'][number];
const KINDS: Array<[Kind, MessageKey]> = [
  ['photo', 'fileKindPhoto'],
  ['pdf', 'fileKindPdf'],
  ['office', 'fileKindOffice'],
];
const MB = 1024 * 1024;
const ROWS: Array<[Key, MessageKey]> = [
  ['kinds', 'attRuleKinds'],
  ['maxFileBytes', 'attRuleMaxFile'],
  ['maxPerCase', 'attRuleMaxPerCase'],
  ['publicKinds', 'attRulePublicKinds'],
  ['publicMaxFiles', 'attRulePublicMax'],
];

/**
 * 附件规则: what a unit's staff and its public intake may attach — kinds, the size of a file, files a
 * case and a public appeal — each value its own or inherited, never above the server's bounds.
 */
export function AttachmentRules(props: SectionProps) {
  const { api, t, data, act } = props;
  const [tenant, setTenant] = useState('');
  const current = tenant || data.tenants[0]?.id || '';
  const { answer, own, accept, set, inherit } = useInheritedSettings<AttachmentPolicy, AttachmentPolicyAnswer>(
    current,
    api.attachmentPolicy,
  );

  const save = () =>
    act(
      async () => accept(await api.saveAttachmentPolicy(current, own)),
      t('attRuleSaved', { name: tenantName(data, current) }),
    );
  const kindsText = (kinds: readonly Kind[]) =>
    kinds.length ? kinds.map((k) => t(KINDS.find(([id]) => id === k)![1])).join('、') : t('attRuleNone');
  const valueText = (key: Key, v: unknown) =>
    key === 'kinds' || key === 'publicKinds'
      ? kindsText(v as Kind[])
      : key === 'maxFileBytes'
        ? sizeText(Number(v))
        : String(v);

  return (
    <section aria-label={t('adminAttachments')}>
      <UnitPicker t={t} data={data} value={current} onChange={setTenant} />
      {answer && (
        <>
          <p className="muted">
            {t('attRuleBounds', {
              size: sizeText(answer.bounds.maxFileBytes),
              count: String(answer.bounds.maxPerCase),
            })}
          </p>
          <table className="admin-table policy-table">
            <tbody>
              {ROWS.map(([key, label]) => {
                const mine = key in own;
                return (
                  <tr key={key} data-attachment-rule={key}>
                    <th scope="row">{t(label)}</th>
                    <InheritCell
                      t={t}
                      data={data}
                      tenant={current}
                      inherited={!mine}
                      from={answer.setBy[key]}
                      value={valueText(key, answer.effective[key])}
                      onInherit={(inherited) => inherit(key, inherited)}
                    />
                    <td>
                      {mine && (key === 'kinds' || key === 'publicKinds') && (
                        <fieldset className="kinds" aria-label={t(label)}>
                          {KINDS.map(([kind, name]) => {
                            const chosen = ((own[key] ?? []) as Kind[]).includes(kind);
                            return (
                              <label key={kind} className="check">
                                <input
                                  type="checkbox"
                                  checked={chosen}
                                  onChange={(e) =>
                                    set(
                                      key,
                                      KINDS.map(([k]) => k).filter((k) =>
                                        k === kind ? e.target.checked : ((own[key] ?? []) as Kind[]).includes(k),
                                      ),
                                    )
                                  }
                                />
                                {t(name)}
                              </label>
                            );
                          })}
                        </fieldset>
                      )}
                      {mine && key === 'maxFileBytes' && (
                        <input
                          type="number"
                          aria-label={t(label)}
                          min={1}
                          max={Math.floor(answer.bounds.maxFileBytes / MB) || 1}
                          step={1}
                          value={Math.max(1, Math.round(Number(own.maxFileBytes ?? 0) / MB))}
                          onChange={(e) =>
                            set(
                              key,
                              Math.min(
                                answer.bounds.maxFileBytes,
                                Math.max(1, Math.round(Number(e.target.value) || 1)) * MB,
                              ),
                            )
                          }
                        />
                      )}
                      {mine && (key === 'maxPerCase' || key === 'publicMaxFiles') && (
                        <input
                          type="number"
                          aria-label={t(label)}
                          min={key === 'maxPerCase' ? 1 : 0}
                          max={answer.bounds.maxPerCase}
                          value={Number(own[key] ?? 0)}
                          onChange={(e) =>
                            set(
                              key,
                              Math.min(
                                answer.bounds.maxPerCase,
                                Math.max(key === 'maxPerCase' ? 1 : 0, Math.round(Number(e.target.value) || 0)),
                              ),
                            )
                          }
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <button type="button" className="primary" onClick={() => void save()}>
        {t('attRuleSave')}
      </button>
    </section>
  );
}
