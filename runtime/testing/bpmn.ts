/**
 * Tiny BPMN builders for the durability tests: a process is a chain of nodes joined by
 * sequence flows in order (Camunda Modeler 8 vocabulary, no diagram interchange).
 */
export interface ChainNode {
  id: string;
  /** The element's XML without flows, e.g. `<bpmn:userTask id="A"/>`; `{flows}` marks where incoming/outgoing go. */
  xml: string;
}

const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_{id}" ' +
  'targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">';

/** One executable process whose nodes run one after the other. `extra` goes inside the process (boundary events …), `root` beside it (messages, errors). */
export function chainProcess(
  processId: string,
  nodes: ChainNode[],
  options: { extra?: string; root?: string; name?: string } = {},
): string {
  const flows: string[] = [];
  const body = nodes.map((n, i) => {
    const incoming = i > 0 ? `<bpmn:incoming>Flow_${i}</bpmn:incoming>` : '';
    const outgoing = i < nodes.length - 1 ? `<bpmn:outgoing>Flow_${i + 1}</bpmn:outgoing>` : '';
    if (i < nodes.length - 1)
      flows.push(`<bpmn:sequenceFlow id="Flow_${i + 1}" sourceRef="${n.id}" targetRef="${nodes[i + 1]!.id}" />`);
    return n.xml.replace('{flows}', incoming + outgoing);
  });
  return [
    HEADER.replace('{id}', processId),
    `<bpmn:process id="${processId}" name="${options.name ?? processId}" isExecutable="true">`,
    ...body,
    ...flows,
    options.extra ?? '',
    '</bpmn:process>',
    options.root ?? '',
    '</bpmn:definitions>',
  ].join('\n');
}

export const start = (id = 'Start'): ChainNode => ({
  id,
  xml: `<bpmn:startEvent id="${id}">{flows}</bpmn:startEvent>`,
});
export const end = (id = 'End'): ChainNode => ({ id, xml: `<bpmn:endEvent id="${id}">{flows}</bpmn:endEvent>` });

export const timerStart = (
  kind: 'timeDate' | 'timeCycle' | 'timeDuration',
  value: string,
  id = 'Start_Timer',
): ChainNode => ({
  id,
  xml: `<bpmn:startEvent id="${id}">{flows}<bpmn:timerEventDefinition id="Def_${id}"><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${value}</bpmn:${kind}></bpmn:timerEventDefinition></bpmn:startEvent>`,
});

export const messageStart = (messageRef: string, id = 'Start_Message'): ChainNode => ({
  id,
  xml: `<bpmn:startEvent id="${id}">{flows}<bpmn:messageEventDefinition id="Def_${id}" messageRef="${messageRef}" /></bpmn:startEvent>`,
});

export const timerCatch = (duration: string, id = 'Timer_Wait'): ChainNode => ({
  id,
  xml: `<bpmn:intermediateCatchEvent id="${id}">{flows}<bpmn:timerEventDefinition id="Def_${id}"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
});

export const messageCatch = (messageRef: string, id = 'Catch_Message'): ChainNode => ({
  id,
  xml: `<bpmn:intermediateCatchEvent id="${id}">{flows}<bpmn:messageEventDefinition id="Def_${id}" messageRef="${messageRef}" /></bpmn:intermediateCatchEvent>`,
});

export const userTask = (id: string, candidateGroups = 'window', options: { formId?: string } = {}): ChainNode => ({
  id,
  xml:
    `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${escapeXml(candidateGroups)}" />` +
    (options.formId ? `<zeebe:formDefinition formId="${options.formId}" />` : '') +
    `</bpmn:extensionElements>{flows}</bpmn:userTask>`,
});

export const businessRuleTask = (id: string, decisionId: string, resultVariable: string): ChainNode => ({
  id,
  xml: `<bpmn:businessRuleTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="${resultVariable}" /></bpmn:extensionElements>{flows}</bpmn:businessRuleTask>`,
});

/** A one-rule decision table answering `output` (a FEEL literal) for any input. */
export const decisionTable = (decisionId: string, output: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_${decisionId}" name="${decisionId}" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${decisionId}" name="${decisionId}">
    <decisionTable id="Table_${decisionId}" hitPolicy="FIRST">
      <input id="Input_1" label="x"><inputExpression id="InputExpression_1" typeRef="string"><text>x</text></inputExpression></input>
      <output id="Output_1" label="result" name="result" typeRef="string" />
      <rule id="Rule_1"><inputEntry id="UnaryTests_1"><text>-</text></inputEntry><outputEntry id="LiteralExpression_1"><text>${escapeXml(output)}</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

/** A form with one required string field. */
export const form = (id: string, field: string, title = field): Record<string, unknown> => ({
  id,
  name: id,
  schema: { type: 'object', required: [field], properties: { [field]: { type: 'string', title } } },
});

export const serviceTask = (
  id: string,
  type: string,
  options: { retries?: number; headers?: Record<string, string>; inputs?: Record<string, string> } = {},
): ChainNode => {
  const headers = Object.entries(options.headers ?? {})
    .map(([k, v]) => `<zeebe:header key="${k}" value="${escapeXml(v)}" />`)
    .join('');
  const inputs = Object.entries(options.inputs ?? {})
    .map(([target, source]) => `<zeebe:input source="${escapeXml(source)}" target="${target}" />`)
    .join('');
  return {
    id,
    xml:
      `<bpmn:serviceTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}"${options.retries !== undefined ? ` retries="${options.retries}"` : ''} />` +
      (headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : '') +
      (inputs ? `<zeebe:ioMapping>${inputs}</zeebe:ioMapping>` : '') +
      `</bpmn:extensionElements>{flows}</bpmn:serviceTask>`,
  };
};

export const callActivity = (id: string, processId: string): ChainNode => ({
  id,
  xml: `<bpmn:callActivity id="${id}" name="${id}"><bpmn:extensionElements><zeebe:calledElement processId="${processId}" propagateAllChildVariables="true" /></bpmn:extensionElements>{flows}</bpmn:callActivity>`,
});

export const scriptTask = (id: string, expression: string, resultVariable: string): ChainNode => ({
  id,
  xml: `<bpmn:scriptTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:script expression="${escapeXml(expression)}" resultVariable="${resultVariable}" /></bpmn:extensionElements>{flows}</bpmn:scriptTask>`,
});

export const message = (id: string, name: string, correlationKey?: string): string =>
  `<bpmn:message id="${id}" name="${name}">${correlationKey ? `<bpmn:extensionElements><zeebe:subscription correlationKey="${escapeXml(correlationKey)}" /></bpmn:extensionElements>` : ''}</bpmn:message>`;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A deployment body for `POST /api/deployments`. */
export const deployment = (
  tenant: string,
  ...files: Array<[name: string, content: string | Record<string, unknown>]>
) => ({
  tenant,
  resources: files.map(([name, content]) => ({ name, content })),
});

/** A boundary timer (interrupting) on `attachedTo`, leading to its own end event; goes in `extra`. */
export const boundaryTimer = (attachedTo: string, duration: string, id = `Boundary_Timer_${attachedTo}`): string =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:outgoing>Flow_${id}</bpmn:outgoing><bpmn:timerEventDefinition id="Def_${id}"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
  `<bpmn:sequenceFlow id="Flow_${id}" sourceRef="${id}" targetRef="End_${id}" /><bpmn:endEvent id="End_${id}"><bpmn:incoming>Flow_${id}</bpmn:incoming></bpmn:endEvent>`;

/** A boundary message event (interrupting) on `attachedTo`, leading to its own end event; goes in `extra`. */
export const boundaryMessage = (
  attachedTo: string,
  messageRef: string,
  id = `Boundary_Message_${attachedTo}`,
): string =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:outgoing>Flow_${id}</bpmn:outgoing><bpmn:messageEventDefinition id="Def_${id}" messageRef="${messageRef}" /></bpmn:boundaryEvent>` +
  `<bpmn:sequenceFlow id="Flow_${id}" sourceRef="${id}" targetRef="End_${id}" /><bpmn:endEvent id="End_${id}"><bpmn:incoming>Flow_${id}</bpmn:incoming></bpmn:endEvent>`;

/** start → parallel fork → one user task per id → parallel join → end. */
export function parallelTasks(processId: string, taskIds: string[]): string {
  const branches = taskIds.map((t) =>
    [
      `<bpmn:sequenceFlow id="Flow_To_${t}" sourceRef="Fork" targetRef="${t}" />`,
      userTask(t).xml.replace(
        '{flows}',
        `<bpmn:incoming>Flow_To_${t}</bpmn:incoming><bpmn:outgoing>Flow_From_${t}</bpmn:outgoing>`,
      ),
      `<bpmn:sequenceFlow id="Flow_From_${t}" sourceRef="${t}" targetRef="Join" />`,
    ].join(''),
  );
  return chainProcess(
    processId,
    [
      start(),
      {
        id: 'Fork',
        xml: `<bpmn:parallelGateway id="Fork"><bpmn:incoming>Flow_1</bpmn:incoming>${taskIds.map((t) => `<bpmn:outgoing>Flow_To_${t}</bpmn:outgoing>`).join('')}</bpmn:parallelGateway>`,
      },
      {
        id: 'Join',
        xml: `<bpmn:parallelGateway id="Join">${taskIds.map((t) => `<bpmn:incoming>Flow_From_${t}</bpmn:incoming>`).join('')}<bpmn:outgoing>Flow_3</bpmn:outgoing></bpmn:parallelGateway>`,
      },
      end(),
    ],
    { extra: branches.join('\n') },
  ).replace(/<bpmn:sequenceFlow id="Flow_2" sourceRef="Fork" targetRef="Join" \/>/, '');
}

/** A boundary error event on `attachedTo` catching `errorRef`, leading to its own end event; goes in `extra`. */
export const boundaryError = (attachedTo: string, errorRef: string, id = `Boundary_Error_${attachedTo}`): string =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:outgoing>Flow_${id}</bpmn:outgoing><bpmn:errorEventDefinition id="Def_${id}" errorRef="${errorRef}" /></bpmn:boundaryEvent>` +
  `<bpmn:sequenceFlow id="Flow_${id}" sourceRef="${id}" targetRef="End_${id}" /><bpmn:endEvent id="End_${id}"><bpmn:incoming>Flow_${id}</bpmn:incoming></bpmn:endEvent>`;

export const bpmnError = (id: string, errorCode: string): string =>
  `<bpmn:error id="${id}" name="${errorCode}" errorCode="${errorCode}" />`;
