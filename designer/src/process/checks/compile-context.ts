import { useEffect, useState } from 'react';
import type { CompileOptions, FormDefinition } from '../../../../definitions/index.js';
import type { Api } from '../../app/api/index.js';
import { useApi } from '../../app/AppContext.js';

/** Most forms read for their fields; a tenant with more is checked against the first ones only. */
const MAX_FORMS = 200;

/**
 * What a diagram may refer to outside itself, as the server checks it at deploy time: the
 * departments the caller may assign to, the forms (with their fields) and decision tables it sees.
 * Null until loaded; the checks then run without those references.
 */
export function useCompileContext(tenant: string): CompileOptions | null {
  const api = useApi();
  const [context, setContext] = useState<CompileOptions | null>(null);
  useEffect(() => {
    let live = true;
    loadContext(api, tenant).then(
      (c) => live && setContext(c),
      () => live && setContext(null),
    );
    return () => {
      live = false;
    };
  }, [api, tenant]);
  return context;
}

async function loadContext(api: Api, tenant: string): Promise<CompileOptions> {
  const me = tenant || (await api.me()).tenant;
  const [groups, forms, decisions] = await Promise.all([
    api.assignableGroups(),
    api.latest('form', me),
    api.latest('decision', me),
  ]);
  const knownForms: FormDefinition[] = await Promise.all(
    forms.slice(0, MAX_FORMS).map(async (f) => (await api.form(f.id)) as FormDefinition),
  );
  return {
    knownGroupIds: groups.map((g) => g.id),
    knownForms,
    knownFormIds: forms.map((f) => f.key),
    knownDecisionIds: decisions.map((d) => d.key),
  };
}
