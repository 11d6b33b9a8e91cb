// A new decision table: a valid DMN 1.3 document with one decision holding one table (one input
// column, one output column, one rule), deployable as it is and ready for the editor.

/** Keys are what processes call the table by (`calledDecision decisionId`): ASCII, starting with a letter. */
export const TABLE_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

export interface NewTableTexts {
  inputLabel: string;
  outputLabel: string;
}

export function newTableXml(key: string, name: string, texts: NewTableTexts): string {
  if (!TABLE_KEY.test(key)) throw new Error(`invalid table key ${key}`);
  const n = escapeXml(name.trim() || key);
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_${key}" name="${n}" namespace="https://civicflow.dev/rules">
  <decision id="${key}" name="${n}">
    <decisionTable id="Table_${key}" hitPolicy="UNIQUE">
      <input id="Input_1" label="${escapeXml(texts.inputLabel)}">
        <inputExpression id="InputExpression_1" typeRef="string">
          <text>category</text>
        </inputExpression>
      </input>
      <output id="Output_1" label="${escapeXml(texts.outputLabel)}" name="result" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="UnaryTests_1">
          <text>-</text>
        </inputEntry>
        <outputEntry id="LiteralExpression_1">
          <text>""</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
`;
}
