// The React side of the panel's catalog: one catalog per designer, filled from the API and kept
// current with the language and the tenant deployed to.
import { useEffect, useRef, useState } from 'react';
import type { Definition } from '../../app/api/index.js';
import { useApi, useApp } from '../../app/AppContext.js';
import { fieldsOf, type FormSource } from '../../forms/form-model.js';
import type { ConditionField } from '../../shared/condition/condition-model.js';
import { CivicCatalog, type CatalogDefinition, type CatalogForm } from './catalog.js';

/** At most this many forms are read for their fields (a tenant's forms, own and inherited). */
const MAX_FORMS = 200;

export function useCivicCatalog(tenant: string, fail: (err: unknown) => void): CivicCatalog {
  const api = useApi();
  const { t } = useApp();
  const current = useRef(api);
  current.current = api;
  // One catalog for the designer's life (the modeler holds it as a service); what changes is updated below.
  const [catalog] = useState(
    () =>
      new CivicCatalog({
        t,
        tenant,
        groups: [],
        tenants: [],
        users: [],
        forms: [],
        decisions: [],
        processes: [],
        preview: (at, duration, warning) => current.current.deadlinePreview(at, duration, warning),
      }),
  );
  useEffect(() => catalog.update({ t }), [catalog, t]);
  useEffect(() => catalog.update({ tenant }), [catalog, tenant]);

  useEffect(() => {
    if (!tenant) return;
    let live = true;
    const load = async () => {
      const [groups, tenants, users, forms, decisions, processes] = await Promise.all([
        api.assignableGroups(),
        api.tenants(),
        api.users(),
        api.latest('form', tenant),
        api.latest('decision', tenant),
        api.latest('process', tenant),
      ]);
      if (!live) return;
      catalog.update({
        groups,
        tenants,
        users,
        decisions: nearestFirst(decisions, tenant).map(summary),
        processes: nearestFirst(processes, tenant).map(summary),
      });
      const withFields = await Promise.all(
        nearestFirst(forms, tenant)
          .slice(0, MAX_FORMS)
          .map(async (d) => formWithFields(summary(d), (await api.form(d.id)) as FormSource)),
      );
      if (live) catalog.update({ forms: withFields });
    };
    load().catch(fail);
    return () => {
      live = false;
    };
  }, [api, catalog, tenant, fail]);

  return catalog;
}

/** The tenant's own definitions before inherited ones of the same key. */
function nearestFirst(defs: Definition[], tenant: string): Definition[] {
  return [...defs].sort(
    (a, b) => a.key.localeCompare(b.key) || Number(b.tenant === tenant) - Number(a.tenant === tenant),
  );
}

export function summary(d: Definition): CatalogDefinition {
  return { key: d.key, name: d.name ?? d.key, tenant: d.tenant, ...(d.tenantName ? { tenantName: d.tenantName } : {}) };
}

export function formWithFields(d: CatalogDefinition, form: FormSource): CatalogForm {
  const fields: ConditionField[] = fieldsOf(form).map((f) => ({
    name: f.key,
    label: f.title,
    type: f.kind === 'textarea' ? 'text' : f.kind,
    options: f.options,
  }));
  return { ...d, fields };
}
