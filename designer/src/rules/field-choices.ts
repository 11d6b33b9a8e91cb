import { useEffect, useState } from 'react';
import { useApi } from '../app/AppContext.js';
import type { TrialField } from './trial-inputs.js';

export interface FieldFacts {
  /** Choices for text fields that the tenant's forms list as an enum (e.g. the intake forms' 诉求类别). */
  choices: Record<string, string[]>;
  /** The forms' labels of the fields (`category` → 诉求类别), for a column that has none of its own. */
  labels: Record<string, string>;
}

/** What the tenant's forms say about the variables the table's input columns read. */
export function useFieldChoices(tenant: string, fields: TrialField[]): FieldFacts {
  const api = useApi();
  const [facts, setFacts] = useState<FieldFacts>({ choices: {}, labels: {} });
  // The fields change with every edit of the table; the forms are asked again only when the fields do.
  const names = [...new Set(fields.map((f) => f.path.join('.')))].sort().join('|');
  const textNames = new Set(fields.filter((f) => f.kind === 'text').map((f) => f.path.join('.')));
  const texts = [...textNames].sort().join('|');
  useEffect(() => {
    let live = true;
    void (async () => {
      const wanted = new Set(names ? names.split('|') : []);
      if (wanted.size === 0 || !tenant) return;
      const found: Record<string, string[]> = {};
      const labels: Record<string, string> = {};
      const text = new Set(texts ? texts.split('|') : []);
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
        const properties =
          (schema as { properties?: Record<string, { enum?: unknown[]; title?: unknown }> }).properties ?? {};
        for (const name of wanted) {
          const title = properties[name]?.title;
          if (typeof title === 'string' && title.trim() && !labels[name]) labels[name] = title.trim();
          if (!text.has(name)) continue;
          const values = properties[name]?.enum;
          // Several forms may list the field (the city's and a township's intake): offer every value any of them lists.
          if (Array.isArray(values) && values.every((v) => typeof v === 'string'))
            found[name] = [...new Set([...(found[name] ?? []), ...(values as string[])])];
        }
      }
      if (live) setFacts({ choices: found, labels });
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, tenant, names, texts]);
  return facts;
}
