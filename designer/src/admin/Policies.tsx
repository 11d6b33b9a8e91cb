import { useState } from 'react';
import type { Policy, PolicyAnswer } from './admin-api.js';
import { Checks } from './Checks.js';
import { WarningInput } from './WarningInput.js';
import {
  DURATION_UNITS,
  NOTICE_CHANNELS,
  POLICY_FIELDS,
  POLICY_ROLES,
  policyValueText,
  roleLabel,
  splitDuration,
  type FieldKind,
  type PolicyKey,
} from './policy-fields.js';
import { InheritCell, UnitPicker, useInheritedSettings } from './inherited.js';
import { tenantName, type AdminData, type SectionProps } from './section.js';

/** 时限规则: a unit's deadline policy — the warning threshold, extension caps, supervision, urging — each value its own or inherited from the units above. */
export function Policies(props: SectionProps) {
  const { api, t, data, act } = props;
  const [tenant, setTenant] = useState('');
  const current = tenant || data.tenants[0]?.id || '';
  const {
    answer,
    own,
    accept,
    set: setValue,
    inherit,
  } = useInheritedSettings<Policy, PolicyAnswer>(current, api.policy);

  const save = () =>
    act(async () => accept(await api.savePolicy(current, own)), t('policySaved', { name: tenantName(data, current) }));

  return (
    <section aria-label={t('adminPolicies')}>
      <UnitPicker t={t} data={data} value={current} onChange={setTenant} />
      {answer && (
        <table className="admin-table policy-table">
          <tbody>
            {POLICY_FIELDS.map((f) => {
              const mine = f.key in own;
              return (
                <tr key={f.key} data-policy={f.key}>
                  <th scope="row">{t(f.label)}</th>
                  <InheritCell
                    t={t}
                    data={data}
                    tenant={current}
                    inherited={!mine}
                    from={answer.setBy[f.key]}
                    value={policyValueText(f.kind, answer.effective[f.key], t, data, answer.names)}
                    onInherit={(inherited) => inherit(f.key, inherited)}
                  />
                  <td>
                    {mine && (
                      <PolicyInput
                        {...props}
                        tenant={current}
                        label={t(f.label)}
                        kind={f.kind}
                        max={f.max}
                        value={own[f.key]}
                        onChange={(v) => setValue(f.key, v)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" className="primary" onClick={() => void save()}>
        {t('policySave')}
      </button>
    </section>
  );
}

function PolicyInput({
  t,
  data,
  tenant,
  label,
  kind,
  max,
  value,
  onChange,
}: SectionProps & {
  tenant: string;
  label: string;
  kind: FieldKind;
  max?: number | undefined;
  value: unknown;
  onChange(v: unknown): void;
}) {
  switch (kind) {
    case 'count':
      return (
        <input
          type="number"
          aria-label={label}
          min={0}
          max={max}
          value={Number(value ?? 0)}
          onChange={(e) => onChange(Math.max(0, Math.min(max ?? 100, Math.round(Number(e.target.value) || 0))))}
        />
      );
    case 'duration': {
      const [n, unit] = splitDuration(String(value ?? ''));
      return (
        <span>
          <input
            type="number"
            aria-label={label}
            min={1}
            max={99}
            value={n}
            onChange={(e) => onChange(`${Math.max(1, Math.round(Number(e.target.value) || 1))} ${unit}`)}
          />{' '}
          <select aria-label={t('policyUnit')} value={unit} onChange={(e) => onChange(`${n} ${e.target.value}`)}>
            {DURATION_UNITS.map(([id, key]) => (
              <option key={id} value={id}>
                {t(key)}
              </option>
            ))}
          </select>
        </span>
      );
    }
    case 'warning':
      return <WarningInput t={t} label={label} value={value} onChange={onChange} />;
    case 'roles':
      return (
        <Checks
          legend={label}
          options={POLICY_ROLES.map((r) => [r, roleLabel(t, r)] as const)}
          value={(value as string[]) ?? []}
          onChange={onChange}
        />
      );
    case 'groups':
      return (
        <Checks
          legend={label}
          options={data.groups.map((g) => [g.id, g.name] as const)}
          value={(value as string[]) ?? []}
          onChange={onChange}
        />
      );
    case 'channels':
      return (
        <Checks
          legend={label}
          options={NOTICE_CHANNELS.map(([id, key]) => [id, t(key)] as const)}
          value={(value as string[]) ?? []}
          onChange={onChange}
        />
      );
    case 'user':
      return (
        <select
          aria-label={label}
          value={(value as string | null) ?? ''}
          onChange={(e) => onChange(e.target.value || null)}
        >
          <option value="">{t('policyNearestSupervisor')}</option>
          {/* The owner must work for the unit or one above it. */}
          {data.users
            .filter((u) => !u.disabled && chainOf(data, tenant).includes(u.tenantId))
            .map((u) => (
              <option key={u.username} value={u.username}>
                {u.displayName}（{tenantName(data, u.tenantId)}）
              </option>
            ))}
        </select>
      );
    case 'missingCalendar':
      return (
        <select aria-label={label} value={String(value ?? 'provisional')} onChange={(e) => onChange(e.target.value)}>
          <option value="provisional">{t('policyProvisional')}</option>
          <option value="refuse">{t('policyRefuse')}</option>
        </select>
      );
  }
}

/** The unit and the units above it. */
function chainOf(data: AdminData, tenant: string): string[] {
  const chain: string[] = [];
  for (
    let id: string | null | undefined = tenant;
    id && !chain.includes(id);
    id = data.tenants.find((tn) => tn.id === id)?.parentId
  )
    chain.push(id);
  return chain;
}
