// A DMN decision table as the rules editor shows it: columns and rows of FEEL text. Reading and
// writing go through dmn-moddle, so everything else in the file (ids, descriptions, diagram
// information, other decisions) is kept as it was.
import { DmnModdle, type DmnElement } from 'dmn-moddle';
import {
  feelExpressionError,
  feelUnaryTestsError,
  readTestCases,
  TEST_CASE_NAMESPACE,
  type DecisionTestCase,
} from '../../../definitions/index.js';

export interface TableRow {
  /** The rule's id; new rows get one when written. */
  id: string | null;
  description: string;
  inputs: string[];
  outputs: string[];
}

export interface TableModel {
  decisionId: string;
  decisionName: string;
  hitPolicy: string;
  inputs: string[];
  /** Each input column's FEEL expression (usually the variable it reads, e.g. `category`). */
  inputExpressions: string[];
  /** Each input column's declared type (`string`, `number`, `boolean`, `date` …), '' when none. */
  inputTypes: string[];
  outputs: string[];
  /** Each output column's key in the result. */
  outputNames: string[];
  rows: TableRow[];
  /** Saved test cases: inputs → expected outputs, deployed with the table. */
  testCases: DecisionTestCase[];
}

export interface ParsedTable {
  model: TableModel;
  /** The parsed document, to write the edited rows back into. */
  definitions: DmnElement;
}

export async function readTable(xml: string): Promise<ParsedTable> {
  const { rootElement } = await DmnModdle().fromXML(xml, 'dmn:Definitions');
  const decision = (rootElement.drgElement ?? []).find(
    (d: DmnElement) => d.decisionLogic?.$type === 'dmn:DecisionTable',
  );
  if (!decision) throw new Error('no decision table in this file');
  const table = decision.decisionLogic as DmnElement;
  const text = (e: DmnElement | undefined) => String(e?.text ?? '');
  return {
    definitions: rootElement,
    model: {
      decisionId: String(decision.id),
      decisionName: String(decision.name ?? decision.id),
      hitPolicy: String(table.hitPolicy ?? 'UNIQUE'),
      inputs: (table.input ?? []).map((i: DmnElement) => String(i.label ?? i.inputExpression?.text ?? '')),
      inputExpressions: (table.input ?? []).map((i: DmnElement) => String(i.inputExpression?.text ?? '')),
      inputTypes: (table.input ?? []).map((i: DmnElement) => String(i.inputExpression?.typeRef ?? '')),
      outputs: (table.output ?? []).map((o: DmnElement) => String(o.label ?? o.name ?? '')),
      outputNames: (table.output ?? []).map((o: DmnElement) => String(o.name ?? '')),
      rows: (table.rule ?? []).map((r: DmnElement) => ({
        id: String(r.id),
        description: String(r.description ?? ''),
        inputs: (r.inputEntry ?? []).map(text),
        outputs: (r.outputEntry ?? []).map(text),
      })),
      testCases: readTestCases(decision, () => undefined),
    },
  };
}

/** The document with the table's rules replaced by `rows` (existing rules keep their ids). */
export async function writeTable(
  parsed: ParsedTable,
  rows: TableRow[],
  testCases: DecisionTestCase[] = parsed.model.testCases,
): Promise<string> {
  const moddle = DmnModdle();
  const decision = (parsed.definitions.drgElement as DmnElement[]).find((d) => d.id === parsed.model.decisionId)!;
  const table = decision.decisionLogic as DmnElement;
  const fresh = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  table.rule = rows.map((row) => {
    const rule = moddle.create('dmn:DecisionRule', {
      id: row.id ?? fresh('Rule'),
      ...(row.description ? { description: row.description } : {}),
      inputEntry: row.inputs.map((t) => moddle.create('dmn:UnaryTests', { id: fresh('UnaryTests'), text: t })),
      outputEntry: row.outputs.map((t) =>
        moddle.create('dmn:LiteralExpression', { id: fresh('LiteralExpression'), text: t }),
      ),
    });
    rule.$parent = table;
    return rule;
  });
  writeTestCases(moddle, decision, testCases);
  return (await moddle.toXML(parsed.definitions, { format: true })).xml;
}

/** Replaces the decision's `civicflow:testCase` extension elements, keeping any other extension. */
function writeTestCases(
  moddle: ReturnType<typeof DmnModdle>,
  decision: DmnElement,
  testCases: DecisionTestCase[],
): void {
  const others = ((decision.extensionElements?.values ?? []) as DmnElement[]).filter(
    (e) => !/(^|:)testCase$/.test(e.$type),
  );
  const value = (kind: 'input' | 'expect', name: string, v: unknown) =>
    moddle.createAny(`civicflow:${kind}`, TEST_CASE_NAMESPACE, { name, $body: JSON.stringify(v) });
  const cases = testCases.map((c) =>
    moddle.createAny('civicflow:testCase', TEST_CASE_NAMESPACE, {
      name: c.name,
      $children: [
        ...Object.entries(c.inputs).map(([k, v]) => value('input', k, v)),
        ...Object.entries(c.expected).map(([k, v]) => value('expect', k, v)),
      ],
    }),
  );
  if (others.length === 0 && cases.length === 0) {
    delete decision.extensionElements;
    return;
  }
  const extensions = decision.extensionElements ?? moddle.create('dmn:ExtensionElements');
  extensions.values = [...others, ...cases];
  extensions.$parent = decision;
  decision.extensionElements = extensions;
}

/** Cell problems by row and column: input cells are unary tests (`-`, `"劳动纠纷"`, `> 3`), output cells expressions. */
export function cellProblem(kind: 'input' | 'output', text: string): string | null {
  const t = text.trim();
  if (t === '') return kind === 'input' ? null : 'empty';
  return kind === 'input' ? (t === '-' ? null : feelUnaryTestsError(t)) : feelExpressionError(t);
}
