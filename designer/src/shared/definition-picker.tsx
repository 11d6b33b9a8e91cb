import type { Definition, Tenant } from '../app/api/index.js';
import type { T } from '../app/i18n/index.js';
import { useApp } from '../app/AppContext.js';

/** Deployed definitions (latest versions) to pick one from: name, version and owning tenant (the key only in `data-<kind>`). `kind` names the data attribute (`data-process`, `data-form`). */
export function DefinitionList({
  items,
  selectedId,
  kind,
  onOpen,
}: {
  items: Definition[];
  selectedId: string | undefined;
  kind: 'process' | 'form' | 'decision';
  onOpen(d: Definition): void;
}) {
  const { t } = useApp();
  return (
    <ul className="process-list">
      {items.map((d) => (
        <li key={d.id}>
          <button
            type="button"
            className={selectedId === d.id ? 'selected' : ''}
            onClick={() => onOpen(d)}
            {...{ [`data-${kind}`]: `${d.key}@${d.tenant}` }}
          >
            <strong>{d.name ?? d.key}</strong>
            <span className="muted">
              {t('version', { version: d.version })} · {t('ownedBy', { tenant: d.tenantName ?? d.tenant })}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Which tenant of the caller's subtree a deployment goes to. */
export function TargetTenant({
  tenants,
  value,
  onChange,
  testId,
}: {
  tenants: Tenant[];
  value: string;
  onChange(id: string): void;
  testId: string;
}) {
  const { t } = useApp();
  return (
    <label>
      {t('deployTo')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {tenants.map((tn) => (
          <option key={tn.id} value={tn.id}>
            {tenantLabel(tenants, tn)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A unit in a picker by its name; two units of the same name are told apart by the unit above each. */
export function tenantLabel(tenants: Tenant[], tn: Tenant): string {
  if (!tenants.some((o) => o.id !== tn.id && o.name === tn.name)) return tn.name;
  const parent = tenants.find((p) => p.id === tn.parentId);
  return parent ? `${tn.name}（${parent.name}）` : tn.name;
}

/** A unit in a message: the city (root) is 市级, as is a unit above the caller's own that their list does not hold. */
export function unitName(tenants: Tenant[], id: string, t: T): string {
  const found = tenants.find((tn) => tn.id === id);
  return !found || found.parentId === null ? t('cityLevel') : tenantLabel(tenants, found);
}
