// A form deployed on its own joins the processes that already use it: its keys are checked against
// the other forms of each such process the tenant runs (its own or inherited, nearest version), as a
// deployment of the process itself would be (see definitions/checks/shared-form-keys.ts).
import type { Knex } from 'knex';
import {
  type CompiledDeployment,
  type ExecutableProcess,
  type FormDefinition,
  type Problem,
  sharedFormKeyProblems,
} from '../../definitions/index.js';

export async function formKeyConflicts(
  trx: Knex,
  chain: string[],
  deployment: CompiledDeployment,
  knownForms: FormDefinition[],
): Promise<Problem[]> {
  const deployed = new Set(deployment.forms.map((f) => f.id));
  if (deployed.size === 0) return [];
  const redeployed = new Set(deployment.processes.map((p) => p.id));
  const rows = (await trx('definitions')
    .where({ kind: 'process' })
    .whereNull('withdrawn_at')
    .whereIn('tenant_id', chain)
    .orderBy('version', 'desc')
    .select('def_key', 'tenant_id', 'compiled')) as Array<{ def_key: string; tenant_id: string; compiled: string }>;
  const nearest = new Map<string, string>();
  for (const t of chain)
    for (const r of rows) if (r.tenant_id === t && !nearest.has(r.def_key)) nearest.set(r.def_key, r.compiled);
  const formsById = new Map([...knownForms, ...deployment.forms].map((f) => [f.id, f]));
  const problems: Problem[] = [];
  for (const [key, compiled] of nearest) {
    if (redeployed.has(key)) continue;
    const proc = JSON.parse(compiled) as ExecutableProcess;
    const uses = proc.formIds.filter((id) => deployed.has(id));
    if (uses.length === 0) continue;
    // Named by the form deployed: that is the resource the administrator is deploying.
    const resource = deployment.origins[`form:${uses[0]}`] ?? `${uses[0]}.form.json`;
    problems.push(...sharedFormKeyProblems(proc, resource, formsById, deployed));
  }
  return problems;
}
