import type { ProcessDefinition, Tenant } from './api.js';
import type { T } from './App.js';

/** Deployed definitions (latest versions) to pick one from: name, key, version and owning tenant. `kind` names the data attribute (`data-process`, `data-form`). */
export function DefinitionList({ items, selectedId, kind, t, onOpen }: { items: ProcessDefinition[]; selectedId: string | undefined; kind: 'process' | 'form' | 'decision'; t: T; onOpen(d: ProcessDefinition): void }) {
  return (
    <ul className="process-list">
      {items.map((d) => (
        <li key={d.id}>
          <button type="button" className={selectedId === d.id ? 'selected' : ''} onClick={() => onOpen(d)} {...{ [`data-${kind}`]: `${d.key}@${d.tenant}` }}>
            <strong>{d.name ?? d.key}</strong>
            <span className="muted">
              {d.key} · {t('version', { version: d.version })} · {t('ownedBy', { tenant: d.tenant })}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Which tenant of the caller's subtree a deployment goes to. */
export function TargetTenant({ tenants, value, onChange, t, testId }: { tenants: Tenant[]; value: string; onChange(id: string): void; t: T; testId: string }) {
  return (
    <label>
      {t('deployTo')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {tenants.map((tn) => (
          <option key={tn.id} value={tn.id}>
            {tn.name}（{tn.id}）
          </option>
        ))}
      </select>
    </label>
  );
}
