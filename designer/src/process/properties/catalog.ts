// What the civic entries pick from (departments, users, forms with their fields, decision tables,
// processes) and the server's deadline preview: loaded by the React designer, handed to the
// Preact panel as the `civicCatalog` service. Entries re-render when it changes.
import { useService } from 'bpmn-js-properties-panel';
import type { DeadlinePreview, Group, Tenant, UserSummary } from '../../app/api/index.js';
import type { T } from '../../app/i18n/index.js';
import type { ConditionField } from '../../shared/condition/condition-model.js';
import { unitName } from '../../shared/definition-picker.js';
import { useEffect, useState } from './html.js';

export interface CatalogDefinition {
  key: string;
  name: string;
  tenant: string;
  /** The unit's name, for an inherited definition's label. */
  tenantName?: string;
}

export interface CatalogForm extends CatalogDefinition {
  fields: ConditionField[];
}

export interface CatalogData {
  t: T;
  /** The tenant the diagram is deployed to: its calendar counts the deadline preview. */
  tenant: string;
  groups: Group[];
  /** The units the caller sees, to tell two departments of one name apart. */
  tenants: Tenant[];
  users: UserSummary[];
  forms: CatalogForm[];
  decisions: CatalogDefinition[];
  processes: CatalogDefinition[];
  preview(tenant: string, duration: string, warning?: string): Promise<DeadlinePreview>;
  /** 新建表单: the designer asks for a new form and, once it is deployed, `use` picks it (by key). */
  newForm?(use: (formKey: string) => void): void;
}

export class CivicCatalog {
  private readonly listeners = new Set<() => void>();

  constructor(public data: CatalogData) {}

  update(partial: Partial<CatalogData>): void {
    this.data = { ...this.data, ...partial };
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The catalog inside a panel entry, current: the entry draws again (itself only, never the panel) when it changes. */
export function useCatalog(): CatalogData {
  return useCatalogSource().data;
}

/**
 * The catalog itself, for an entry's callbacks to read what is current when they are called
 * (a select's options, a label) rather than what was there when the entry last drew.
 */
export function useCatalogSource(): CivicCatalog {
  const catalog = useService<CivicCatalog>('civicCatalog');
  const [, bump] = useState(0);
  useEffect(() => catalog.subscribe(() => bump((n) => n + 1)), [catalog]);
  return catalog;
}

/** A definition's label in a picker: its name, the unit it comes from (by name) when inherited. */
export function definitionLabel(d: CatalogDefinition, tenant: string): string {
  return d.tenant === tenant ? d.name : `${d.name}（${d.tenantName ?? d.tenant}）`;
}

/** A department in a picker: its name; two of one name are told apart by their unit's name, never an id. */
export function groupLabel(g: Group, data: Pick<CatalogData, 'groups' | 'tenants' | 't'>): string {
  const clash = data.groups.some((o) => o.id !== g.id && o.name === g.name);
  return clash ? `${g.name}（${unitName(data.tenants, g.tenantId, data.t)}）` : g.name;
}

/** A person in a picker: the display name; two of one name are told apart by their account names. */
export function userLabel(u: UserSummary, users: UserSummary[]): string {
  const clash = users.some((o) => o.username !== u.username && o.displayName === u.displayName);
  return clash ? `${u.displayName}（${u.username}）` : u.displayName;
}
