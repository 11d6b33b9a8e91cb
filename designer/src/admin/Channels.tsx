import { useCallback, useEffect, useState } from 'react';
import type { MessageKey } from '../app/i18n/index.js';
import type { ChannelChanges, ChannelSettings, DefinitionSummary } from './admin-api.js';
import { tenantName, type SectionProps } from './section.js';
import { UnitPicker } from './inherited.js';

type ChannelId = ChannelSettings['channels'][number]['channel'];
const CHANNEL_LABEL: Record<ChannelId, MessageKey> = {
  web: 'channelWeb',
  'mini-program': 'channelMiniProgram',
  'enterprise-qr': 'channelEnterpriseQr',
  window: 'channelWindow',
  phone: 'channelPhone',
};

interface Choice {
  inherit: boolean;
  processKey: string;
  formKey: string;
}

/** 受理渠道: which process and intake form each channel starts at a unit — its own choice or the one above it. */
export function Channels(props: SectionProps) {
  const { api, t, data, act } = props;
  const [tenant, setTenant] = useState('');
  const [settings, setSettings] = useState<ChannelSettings | null>(null);
  const [choices, setChoices] = useState<Partial<Record<ChannelId, Choice>>>({});
  const [processes, setProcesses] = useState<DefinitionSummary[]>([]);
  const [forms, setForms] = useState<DefinitionSummary[]>([]);
  const current = tenant || data.tenants[0]?.id || '';

  const show = useCallback((loaded: ChannelSettings) => {
    setSettings(loaded);
    setChoices(
      Object.fromEntries(
        loaded.channels.map((c) => [c.channel, { inherit: c.inherited, processKey: c.processKey, formKey: c.formKey }]),
      ),
    );
  }, []);
  useEffect(() => {
    if (!current) return;
    void Promise.all([
      api.channels(current),
      api.definitions('process', current),
      api.definitions('form', current),
    ]).then(([loaded, ps, fs]) => {
      show(loaded);
      setProcesses(byKey(ps));
      setForms(byKey(fs));
    });
  }, [api, current, show]);

  const save = () => {
    const changes: Record<string, { processKey: string; formKey: string } | null> = {};
    for (const [channel, c] of Object.entries(choices))
      changes[channel] = c.inherit ? null : { processKey: c.processKey, formKey: c.formKey };
    return act(
      async () => show(await api.saveChannels(current, changes as ChannelChanges)),
      t('channelsSaved', { name: tenantName(data, current) }),
    );
  };
  const change = (channel: ChannelId, patch: Partial<Choice>) =>
    setChoices((cs) => ({ ...cs, [channel]: { ...cs[channel]!, ...patch } }));
  const nameOf = (list: DefinitionSummary[], key: string) => list.find((d) => d.key === key)?.name ?? key;

  return (
    <section aria-label={t('adminChannels')}>
      <UnitPicker t={t} data={data} value={current} onChange={setTenant} />
      {settings && (
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('channelColumn')}</th>
              <th>{t('channelSource')}</th>
              <th>{t('channelProcess')}</th>
              <th>{t('channelForm')}</th>
            </tr>
          </thead>
          <tbody>
            {settings.channels.map((s) => {
              const c = choices[s.channel];
              if (!c) return null;
              const label = t(CHANNEL_LABEL[s.channel]);
              return (
                <tr key={s.channel} data-channel={s.channel}>
                  <th scope="row">{label}</th>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={c.inherit}
                        onChange={(e) => change(s.channel, { inherit: e.target.checked })}
                      />
                      {t('policyInherit')}
                    </label>
                    {s.inherited && (
                      <span className="muted">{t('policyFrom', { name: tenantName(data, s.setBy) })}</span>
                    )}
                  </td>
                  <td>
                    {c.inherit ? (
                      nameOf(processes, s.processKey)
                    ) : (
                      <select
                        aria-label={t('channelProcessOf', { channel: label })}
                        value={c.processKey}
                        onChange={(e) => change(s.channel, { processKey: e.target.value })}
                      >
                        {options(processes, c.processKey)}
                      </select>
                    )}
                  </td>
                  <td>
                    {c.inherit ? (
                      nameOf(forms, s.formKey)
                    ) : (
                      <select
                        aria-label={t('channelFormOf', { channel: label })}
                        value={c.formKey}
                        onChange={(e) => change(s.channel, { formKey: e.target.value })}
                      >
                        {options(forms, c.formKey)}
                      </select>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" className="primary" onClick={() => void save()}>
        {t('channelsSave')}
      </button>
    </section>
  );
}

/** One entry per key: a channel names a process or form by key, and the unit resolves the key to its nearest version. */
function byKey(list: DefinitionSummary[]): DefinitionSummary[] {
  const seen = new Map<string, DefinitionSummary>();
  for (const d of list) if (!seen.has(d.key)) seen.set(d.key, d);
  return [...seen.values()].sort((a, b) => (a.name ?? a.key).localeCompare(b.name ?? b.key, 'zh-CN'));
}

function options(list: DefinitionSummary[], selected: string) {
  const all = list.some((d) => d.key === selected)
    ? list
    : [{ key: selected, name: selected } as DefinitionSummary, ...list];
  return all.map((d) => (
    <option key={d.key} value={d.key}>
      {d.name ?? d.key}
    </option>
  ));
}
