import { useEffect, useState } from 'react';
import { useApi } from '../app/AppContext.js';
import type { TrialField } from './trial-inputs.js';

/** Choices for fields that the tenant's forms list as an enum (e.g. the intake forms' 诉求类别). */
export function useFieldChoices(tenant: string, fields: TrialField[]): Record<string, string[]> {
  const api = useApi();
  const [choices, setChoices] = useState<Record<string, string[]>>({});
  // The fields change with every edit of the table; the forms are asked again only when the text fields do.
  const names = [...new Set(fields.filter((f) => f.kind === 'text').map((f) => f.path.join('.')))].sort().join('|');
  useEffect(() => {
    let live = true;
    void (async () => {
      const wanted = new Set(names ? names.split('|') : []);
      if (wanted.size === 0 || !tenant) return;
      const found: Record<string, string[]> = {};
      const forms = (await api.latest('form', tenant)).slice(0, 30);
      const schemas = await Promise.all(
        forms.map((f) =>
          api.form(f.id).then(
            (x) => x.schema,
            () => ({}),
          ),
        ),
      );
      for (const schema of schemas) {
        const properties = (schema as { properties?: Record<string, { enum?: unknown[] }> }).properties ?? {};
        for (const name of wanted) {
          const values = properties[name]?.enum;
          // Several forms may list the field (the city's and a township's intake): offer every value any of them lists.
          if (Array.isArray(values) && values.every((v) => typeof v === 'string'))
            found[name] = [...new Set([...(found[name] ?? []), ...(values as string[])])];
        }
      }
      if (live) setChoices(found);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, tenant, names]);
  return choices;
}
