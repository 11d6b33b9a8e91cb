import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { type AdminData, type SectionProps, tenantName } from './section.js';

/** What the server answers for a unit's inherited settings (时限规则, 附件规则): its own values, the effective ones and who set each. */
interface InheritedAnswer<T> {
  own: unknown;
  effective: T;
  setBy: Partial<Record<keyof T, string | null>>;
}

/**
 * A unit's settings where each value is its own or inherited from the units above: loads them when
 * the unit changes, and toggles a value between inherited and own (starting from the effective one).
 */
export function useInheritedSettings<T extends object, A extends InheritedAnswer<T>>(
  tenant: string,
  fetch: (tenant: string) => Promise<A>,
) {
  const [answer, setAnswer] = useState<A | null>(null);
  const [own, setOwn] = useState<Partial<T>>({});
  const accept = useCallback((loaded: A) => {
    setAnswer(loaded);
    setOwn(loaded.own as Partial<T>);
  }, []);
  useEffect(() => {
    if (tenant) void fetch(tenant).then(accept);
  }, [fetch, tenant, accept]);
  const set = (key: keyof T, value: unknown) => setOwn((o) => ({ ...o, [key]: value }));
  const inherit = (key: keyof T, inherited: boolean) =>
    setOwn((o) => {
      const next = { ...o };
      if (inherited) delete next[key];
      else next[key] = answer?.effective[key];
      return next;
    });
  return { answer, own, accept, set, inherit };
}

/** The unit whose settings a section shows. */
export function UnitPicker({
  t,
  data,
  value,
  onChange,
}: Pick<SectionProps, 't' | 'data'> & {
  value: string;
  onChange(tenant: string): void;
}) {
  return (
    <label className="admin-form">
      {t('tenantField')}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {data.tenants.map((tn) => (
          <option key={tn.id} value={tn.id}>
            {tn.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** 沿用上级单位: the checkbox, and while inherited the value in force with the unit it comes from. */
export function InheritCell(props: {
  t: SectionProps['t'];
  data: AdminData;
  tenant: string;
  inherited: boolean;
  from: string | null | undefined;
  value: ReactNode;
  onInherit(inherited: boolean): void;
}) {
  const { t, data, tenant, inherited, from } = props;
  return (
    <td>
      <label className="check">
        <input type="checkbox" checked={inherited} onChange={(e) => props.onInherit(e.target.checked)} />
        {t('policyInherit')}
      </label>
      {inherited && (
        <span className="muted">
          {props.value}（
          {from && from !== tenant ? t('policyFrom', { name: tenantName(data, from) }) : t('policyDefault')}）
        </span>
      )}
    </td>
  );
}
