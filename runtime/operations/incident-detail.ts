import type { Locale } from '../../definitions/index.js';
import { hasRole, requireRole, type Principal } from '../auth/index.js';
import { visibleInstance } from '../cases/index.js';
import { parseState } from '../execution/instance-row.js';
import { notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';
import { arrayOf, booleanType, objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';
import { feelSourcesIn, feelVariableNames } from './feel-names.js';
import { incidentText, stepLabel } from './incident-text.js';
import { variableLabels } from './variable-labels.js';

export interface IncidentRow {
  id: string;
  instance_id: string;
  tenant_id: string;
  element_id: string;
  code: string;
  message: string;
  status: string;
  created_at: string;
  resolved_at: string | null;
}

/** Steps a stuck case may be moved to: the activities, decisions and ends of the process's top level. */
const MOVABLE = new Set([
  'userTask',
  'serviceTask',
  'businessRuleTask',
  'scriptTask',
  'sendTask',
  'receiveTask',
  'manualTask',
  'task',
  'callActivity',
  'subProcess',
  'exclusiveGateway',
  'inclusiveGateway',
  'endEvent',
]);
/** How many involved variables an incident lists (an expression may name many). */
const MAX_INVOLVED = 50;

export const INCIDENT_DETAIL = objectOf({
  id: stringType,
  caseId: stringType,
  trackingNo: stringOrNull,
  tenant: stringType,
  tenantName: stringType,
  status: { enum: ['open', 'resolved'] },
  code: stringType,
  title: stringType,
  explanation: stringType,
  detail: stringOrNull,
  stepName: stringType,
  elementId: stringType,
  createdAt: stringType,
  // `label`: what the case's forms call the variable (people read it); null when no form field holds it.
  variables: arrayOf(objectOf({ name: stringType, label: stringOrNull, value: {}, present: booleanType })),
  caseVariables: arrayOf(objectOf({ name: stringType, label: stringOrNull, value: {} })),
  targets: arrayOf(objectOf({ elementId: stringType, name: stringType })),
  job: booleanType,
  canMove: booleanType,
});

/** Phones stay masked for roles without pii:read, as in the case file. */
function shown(value: unknown, maskPhones: boolean): unknown {
  return maskPhones && typeof value === 'string' && /^1\d{10}$/.test(value)
    ? `${value.slice(0, 3)}****${value.slice(7)}`
    : value;
}

/** One incident as an administrator works on it: the step by name, what happened in plain words, the variables it read, where the case may be moved. */
export async function incidentDetail(deps: Deps, principal: Principal, id: string, locale: Locale) {
  requireRole(principal, 'tenant-admin', 'supervisor');
  const incident = (await deps.db.knex('incidents').where({ id }).first()) as IncidentRow | undefined;
  if (!incident || !principal.subtree.has(incident.tenant_id)) throw notFound('incident', id);
  const instance = await visibleInstance(deps, principal, incident.instance_id);
  const process = await deps.definitions.process(deps.db.knex, instance.definition_id);
  const state = parseState(instance);
  const root = Object.values(state.scopes).find((s) => s.parent === null)?.vars ?? {};
  const node = process.nodes[incident.element_id];
  const sources = [
    ...feelSourcesIn(node),
    ...Object.values(process.flows)
      .filter((f) => f.source === incident.element_id)
      .flatMap((f) => feelSourcesIn(f.condition)),
  ];
  const names = [...new Set(sources.flatMap(feelVariableNames))].slice(0, MAX_INVOLVED);
  const maskPhones = !hasRole(principal, 'pii:read');
  const stepName = stepLabel(node, locale);
  const labels = await variableLabels(deps, instance, process);
  const label = (name: string) => labels.get(name) ?? null;
  const text = incidentText(
    incident.code,
    stepName,
    names.map((name) => ({ name, label: label(name) })),
    locale,
  );
  const tenant = await deps.tenants.get(incident.tenant_id);
  return {
    id: incident.id,
    caseId: instance.id,
    trackingNo: instance.business_key,
    tenant: incident.tenant_id,
    tenantName: tenant?.name ?? incident.tenant_id,
    status: incident.status as 'open' | 'resolved',
    code: incident.code,
    ...text,
    // The engine's own words are English and technical: shown only in the English interface.
    detail: locale === 'en' ? incident.message : null,
    stepName,
    elementId: incident.element_id,
    createdAt: incident.created_at,
    variables: names.map((name) => ({
      name,
      label: label(name),
      value: shown(root[name] ?? null, maskPhones),
      present: name in root,
    })),
    caseVariables: Object.keys(root)
      .sort()
      .map((name) => ({ name, label: label(name), value: shown(root[name], maskPhones) })),
    targets: Object.values(process.nodes)
      .filter((n) => n.parent === null && MOVABLE.has(n.kind) && n.id !== incident.element_id)
      .map((n) => ({ elementId: n.id, name: stepLabel(n, locale) })),
    job: incident.id.endsWith('.job'),
    canMove: hasRole(principal, 'tenant-admin'),
  };
}

/** List rows with the step's name, a title in the caller's language and the case's tracking number. */
export async function withNames<R extends { processInstanceId: string; elementId: string | null; code: string }>(
  deps: Deps,
  rows: R[],
  locale: Locale,
) {
  const instances =
    rows.length === 0
      ? []
      : ((await deps.db
          .knex('instances')
          .whereIn('id', [...new Set(rows.map((r) => r.processInstanceId))])
          .select('id', 'definition_id', 'business_key')) as Array<{
          id: string;
          definition_id: string;
          business_key: string | null;
        }>);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const processes = new Map<string, Awaited<ReturnType<Deps['definitions']['process']>>>();
  for (const definitionId of new Set(instances.map((i) => i.definition_id)))
    processes.set(definitionId, await deps.definitions.process(deps.db.knex, definitionId));
  return rows.map((r) => {
    const instance = byId.get(r.processInstanceId);
    const node = instance && r.elementId ? processes.get(instance.definition_id)?.nodes[r.elementId] : undefined;
    const stepName = stepLabel(node, locale);
    return {
      ...r,
      stepName,
      title: incidentText(r.code, stepName, [], locale).title,
      trackingNo: instance?.business_key ?? null,
    };
  });
}
