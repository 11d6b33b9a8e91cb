import { useState, type FormEvent } from 'react';
import type { Tenant } from '../app/api/index.js';
import type { SectionProps } from './section.js';

/** The units as a tree: add a township or village under one, rename it, move it under another. */
export function TenantTree(props: SectionProps) {
  const { data, t } = props;
  const ids = new Set(data.tenants.map((tn) => tn.id));
  const roots = data.tenants.filter((tn) => !tn.parentId || !ids.has(tn.parentId));
  return (
    <section aria-label={t('adminTenants')}>
      <ul className="tenant-tree">
        {roots.map((tn) => (
          <TenantNode key={tn.id} {...props} tenant={tn} />
        ))}
      </ul>
    </section>
  );
}

function TenantNode(props: SectionProps & { tenant: Tenant }) {
  const { api, t, data, act, tenant } = props;
  const [mode, setMode] = useState<'add' | 'edit' | null>(null);
  const [child, setChild] = useState({ id: '', name: '' });
  const [name, setName] = useState(tenant.name);
  const [parentId, setParentId] = useState(tenant.parentId ?? '');
  const children = data.tenants.filter((tn) => tn.parentId === tenant.id);
  const below = descendants(data.tenants, tenant.id);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(() => api.createTenant({ ...child, parentId: tenant.id }), t('tenantCreated', { name: child.name })))
      setMode(null);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const change = {
      ...(name !== tenant.name ? { name } : {}),
      ...(parentId && parentId !== tenant.parentId ? { parentId } : {}),
    };
    if (Object.keys(change).length === 0) return setMode(null);
    if (await act(() => api.updateTenant(tenant.id, change), t('tenantSaved', { name }))) setMode(null);
  };

  return (
    <li data-tenant={tenant.id}>
      <span className="tenant-name">{tenant.name}</span>{' '}
      <button type="button" onClick={() => setMode(mode === 'add' ? null : 'add')}>
        {t('addSubUnit')}
      </button>{' '}
      <button type="button" onClick={() => setMode(mode === 'edit' ? null : 'edit')}>
        {t('editUnit')}
      </button>
      {mode === 'add' && (
        <form className="admin-form inline" onSubmit={(e) => void add(e)}>
          <label>
            {t('unitId')}
            <input
              name="unitId"
              value={child.id}
              onChange={(e) => setChild({ ...child, id: e.target.value.trim() })}
              required
              pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}"
              title={t('idHint')}
            />
          </label>
          <label>
            {t('unitName')}
            <input
              name="unitName"
              value={child.name}
              onChange={(e) => setChild({ ...child, name: e.target.value })}
              required
            />
          </label>
          <button type="submit" className="primary">
            {t('addSubUnit')}
          </button>
        </form>
      )}
      {mode === 'edit' && (
        <form className="admin-form inline" onSubmit={(e) => void save(e)}>
          <label>
            {t('unitName')}
            <input name="unitRename" value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          {tenant.parentId && (
            <label>
              {t('parentUnit')}
              <select name="unitParent" value={parentId} onChange={(e) => setParentId(e.target.value)}>
                {!data.tenants.some((tn) => tn.id === tenant.parentId) && (
                  <option value={tenant.parentId}>{tenant.parentId}</option>
                )}
                {data.tenants
                  .filter((tn) => !below.has(tn.id))
                  .map((tn) => (
                    <option key={tn.id} value={tn.id}>
                      {tn.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <button type="submit" className="primary">
            {t('save')}
          </button>
        </form>
      )}
      {children.length > 0 && (
        <ul>
          {children.map((c) => (
            <TenantNode key={c.id} {...props} tenant={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

function descendants(tenants: Tenant[], id: string): Set<string> {
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const tn of tenants) if (tn.parentId && out.has(tn.parentId) && !out.has(tn.id)) out.add(tn.id), (grew = true);
  }
  return out;
}
