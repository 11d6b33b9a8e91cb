export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];
export type CollectAggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface DecisionInput {
  id: string;
  label?: string;
  /** FEEL expression evaluated against the variables. */
  expression: string;
  typeRef?: string;
}

export interface DecisionOutput {
  id: string;
  /** Key of this output in the result object. */
  name: string;
  label?: string;
  typeRef?: string;
  /** Allowed values in priority order (for PRIORITY and OUTPUT ORDER), as FEEL literals. */
  outputValues?: string[];
}

export interface DecisionRule {
  id: string;
  /** FEEL unary tests, one per input; `-` or empty matches anything. */
  inputEntries: string[];
  /** FEEL expressions, one per output; empty means null. */
  outputEntries: string[];
  description?: string;
}

/**
 * An administrator's saved check of a table: these inputs must give these outputs. Kept in the
 * DMN as `<civicflow:testCase>` extension elements, so they deploy (and version) with the table.
 */
export interface DecisionTestCase {
  name: string;
  /** The variables the table is evaluated with. */
  inputs: Record<string, unknown>;
  /** Output name → the value it must have (JSON). */
  expected: Record<string, unknown>;
}

/** A compiled DMN decision table: plain JSON, evaluated by the engine. */
export interface DecisionTable {
  id: string;
  name?: string;
  hitPolicy: HitPolicy;
  aggregation?: CollectAggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
  testCases?: DecisionTestCase[];
}
