import type { DmnElement } from 'dmn-moddle';
import { HIT_POLICIES, type CollectAggregation, type DecisionTable, type HitPolicy } from '../model/index.js';
import { compileInputs, compileOutputs } from './columns.js';
import { named, type Report } from './report.js';
import { compileRules } from './rules.js';

const AGGREGATIONS: readonly string[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

/** Compiles a `dmn:DecisionTable`: hit policy, input and output columns, rules. */
export function compileTable(decision: DmnElement, table: DmnElement, report: Report): DecisionTable {
  const at = named(table, decision);
  const hitPolicy = String(table.hitPolicy ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) {
    report(
      'HIT_POLICY_INVALID',
      `hit policy "${hitPolicy}" is unknown; expected one of ${HIT_POLICIES.join(', ')}`,
      at,
    );
  }
  const inputs = compileInputs(table.input ?? [], at, report);
  const outputs = compileOutputs(table.output ?? [], hitPolicy, at, report);
  const compiled: DecisionTable = { id: decision.id!, hitPolicy, inputs, outputs, rules: [] };
  if (decision.name) compiled.name = decision.name;

  const aggregation: unknown = table.aggregation;
  if (aggregation !== undefined) {
    if (!AGGREGATIONS.includes(String(aggregation))) {
      report(
        'HIT_POLICY_INVALID',
        `aggregation "${String(aggregation)}" is unknown; expected one of ${AGGREGATIONS.join(', ')}`,
        at,
      );
    } else if (hitPolicy !== 'COLLECT') {
      report(
        'HIT_POLICY_INVALID',
        `aggregation ${String(aggregation)} is only allowed with hit policy COLLECT, not ${hitPolicy}`,
        at,
      );
    } else if (outputs.length > 1) {
      report(
        'HIT_POLICY_INVALID',
        `aggregation ${String(aggregation)} needs exactly one output, but the table has ${outputs.length}`,
        at,
      );
    }
    compiled.aggregation = aggregation as CollectAggregation;
  }
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((o) => o.outputValues)) {
    report(
      'OUTPUT_VALUES_MISSING',
      `hit policy ${hitPolicy} ranks matches by the order of output values, but no output lists its output values`,
      at,
    );
  }
  compiled.rules = compileRules(table.rule ?? [], compiled, at, report);
  return compiled;
}
