/**
 * The 会签 fixture shared by the API test, the browser test and the README's screenshots: `joint-sign`
 * (联合会签), one signer per account in `signers`, passed when two thirds have signed. `operations` is
 * inserted into the signing task's extension elements (e.g. a `civic:taskOperations`); with `archiveGroup`
 * an 归档 task for that group follows the signing.
 */
export function countersignBpmn(
  signers: readonly string[],
  options: { operations?: string; archiveGroup?: string } = {},
): string {
  const collection = signers.map((s) => `&#34;${s}&#34;`).join(', ');
  const next = options.archiveGroup ? 'Task_Archive' : 'End';
  const archive = options.archiveGroup
    ? `
    <bpmn:userTask id="Task_Archive" name="归档">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="${options.archiveGroup}" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F3" sourceRef="Task_Archive" targetRef="End" />`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:civic="https://civicflow.dev/schema/civic/1.0" id="Defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="joint-sign" name="联合会签" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Sign" />
    <bpmn:userTask id="Task_Sign" name="部门会签">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition assignee="=signer" />${options.operations ?? ''}
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=[${collection}]" inputElement="signer" />
        </bpmn:extensionElements>
        <bpmn:completionCondition>=numberOfCompletedInstances / numberOfInstances &gt;= 2 / 3</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Sign" targetRef="${next}" />${archive}
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}
