// A DMN decision table as the rules designer reads it beside the dmn-js editor: columns and rows
// of FEEL text (for the test panel, the pickers and the cell checks). Test cases are written back
// through dmn-moddle, so everything else in the file (ids, descriptions, other decisions) is kept.
import { DmnModdle, type DmnElement } from 'dmn-moddle';
import {
  feelExpressionError,
  outputTypeError,
  unaryTestsTypeError,
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
  /** The cells' element ids, by column. */
  inputIds: string[];
  outputIds: string[];
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
  /** Each output column's declared type, '' when none. */
  outputTypes: string[];
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
      outputTypes: (table.output ?? []).map((o: DmnElement) => String(o.typeRef ?? '')),
      rows: (table.rule ?? []).map((r: DmnElement) => ({
        id: String(r.id),
        description: String(r.description ?? ''),
        inputs: (r.inputEntry ?? []).map(text),
        outputs: (r.outputEntry ?? []).map(text),
        inputIds: (r.inputEntry ?? []).map((e: DmnElement) => String(e.id ?? '')),
        outputIds: (r.outputEntry ?? []).map((e: DmnElement) => String(e.id ?? '')),
      })),
      testCases: readTestCases(decision, () => undefined),
    },
  };
}

/** The document with the decision's saved test cases replaced by `testCases`, everything else as it was. */
export async function withTestCases(xml: string, testCases: DecisionTestCase[]): Promise<string> {
  const moddle = DmnModdle();
  const { rootElement } = await moddle.fromXML(xml, 'dmn:Definitions');
  const decision = (rootElement.drgElement ?? []).find(
    (d: DmnElement) => d.decisionLogic?.$type === 'dmn:DecisionTable',
  );
  // A literal expression has no test cases to keep: the document goes as the editor wrote it.
  if (!decision) return xml;
  writeTestCases(moddle, decision, testCases);
  return (await moddle.toXML(rootElement, { format: true })).xml;
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

/** What is wrong with a cell: FEEL that does not parse, or a value of another type than the column's. */
export type CellIssue = { syntax: string; kind: 'input' | 'output' } | { part: string; declared: string };

/**
 * A cell's problem, as the compiler would report it at deploy: input cells are unary tests (`-`,
 * `"劳动纠纷"`, `> 3`), output cells expressions; both of the column's type when it declares one.
 */
export function cellProblem(kind: 'input' | 'output', text: string, typeRef = ''): CellIssue | null {
  const t = text.trim();
  if (t === '') return kind === 'input' ? null : { syntax: 'empty', kind };
  if (kind === 'input' && t === '-') return null;
  const syntax = kind === 'input' ? feelUnaryTestsError(t) : feelExpressionError(t);
  if (syntax) return { syntax, kind };
  const wrong = kind === 'input' ? unaryTestsTypeError(t, typeRef) : outputTypeError(t, typeRef);
  return wrong ? { part: wrong.part, declared: wrong.declared } : null;
}

/** Every cell's problem, by rule number (1-based) and column. */
export function cellProblems(model: TableModel): CellProblem[] {
  const found: CellProblem[] = [];
  model.rows.forEach((row, r) => {
    row.inputs.forEach((text, c) => {
      const issue = cellProblem('input', text, model.inputTypes[c]);
      if (issue) found.push({ row: r + 1, kind: 'input', column: c, cellId: row.inputIds[c] ?? '', text, issue });
    });
    row.outputs.forEach((text, c) => {
      const issue = cellProblem('output', text, model.outputTypes[c]);
      if (issue) found.push({ row: r + 1, kind: 'output', column: c, cellId: row.outputIds[c] ?? '', text, issue });
    });
  });
  return found;
}

export interface CellProblem {
  row: number;
  kind: 'input' | 'output';
  column: number;
  cellId: string;
  text: string;
  issue: CellIssue;
}
