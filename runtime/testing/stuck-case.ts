/**
 * A process whose decision reads a variable the case may lack: started without `amount`, its
 * conditions cannot be evaluated and the case stops with a FEEL_ERROR incident at "金额判断".
 * With a diagram, so the incidents screen can draw it.
 */
export const STUCK_PROCESS_KEY = 'amount-routing';

export const STUCK_PROCESS_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_amount_routing" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="${STUCK_PROCESS_KEY}" name="金额分流" isExecutable="true">
    <bpmn:startEvent id="Start" name="登记"><bpmn:outgoing>Flow_In</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="Gateway_Amount" name="金额判断"><bpmn:incoming>Flow_In</bpmn:incoming><bpmn:outgoing>Flow_Large</bpmn:outgoing><bpmn:outgoing>Flow_Normal</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:userTask id="Task_Large" name="大额审批"><bpmn:incoming>Flow_Large</bpmn:incoming><bpmn:outgoing>Flow_LargeEnd</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="Task_Normal" name="普通办理"><bpmn:incoming>Flow_Normal</bpmn:incoming><bpmn:outgoing>Flow_NormalEnd</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End_Large" name="办结"><bpmn:incoming>Flow_LargeEnd</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="End_Normal" name="办结"><bpmn:incoming>Flow_NormalEnd</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_In" sourceRef="Start" targetRef="Gateway_Amount" />
    <bpmn:sequenceFlow id="Flow_Large" name="大额" sourceRef="Gateway_Amount" targetRef="Task_Large"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt; 1000</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_Normal" name="普通" sourceRef="Gateway_Amount" targetRef="Task_Normal"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &lt;= 1000</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_LargeEnd" sourceRef="Task_Large" targetRef="End_Large" />
    <bpmn:sequenceFlow id="Flow_NormalEnd" sourceRef="Task_Normal" targetRef="End_Normal" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="${STUCK_PROCESS_KEY}">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="182" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Gateway_Amount_di" bpmnElement="Gateway_Amount" isMarkerVisible="true"><dc:Bounds x="200" y="175" width="50" height="50" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Task_Large_di" bpmnElement="Task_Large"><dc:Bounds x="320" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Task_Normal_di" bpmnElement="Task_Normal"><dc:Bounds x="320" y="240" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="End_Large_di" bpmnElement="End_Large"><dc:Bounds x="490" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="End_Normal_di" bpmnElement="End_Normal"><dc:Bounds x="490" y="262" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="Flow_In_di" bpmnElement="Flow_In"><di:waypoint x="136" y="200" /><di:waypoint x="200" y="200" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_Large_di" bpmnElement="Flow_Large"><di:waypoint x="225" y="175" /><di:waypoint x="225" y="120" /><di:waypoint x="320" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_Normal_di" bpmnElement="Flow_Normal"><di:waypoint x="225" y="225" /><di:waypoint x="225" y="280" /><di:waypoint x="320" y="280" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_LargeEnd_di" bpmnElement="Flow_LargeEnd"><di:waypoint x="420" y="120" /><di:waypoint x="490" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_NormalEnd_di" bpmnElement="Flow_NormalEnd"><di:waypoint x="420" y="280" /><di:waypoint x="490" y="280" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

/** The key of the same process registered with a form (STUCK_FORM), deployed as STUCK_PROCESS_WITH_FORM_BPMN. */
export const STUCK_FORM_PROCESS_KEY = 'amount-apply-routing';

/** The registration form: it calls `amount` 申请金额 and `applicant` 申请人, so 故障案件 says those names. */
export const STUCK_FORM = {
  name: 'amount-apply.form.json',
  content: {
    id: 'amount-apply',
    name: '金额申请登记',
    schema: {
      type: 'object',
      properties: {
        applicant: { type: 'string', title: '申请人', maxLength: 50 },
        amount: { type: 'number', title: '申请金额', minimum: 0 },
      },
    },
    uiSchema: {},
  },
};

/** The stuck process, its start event linking STUCK_FORM (deploy both together). */
export const STUCK_PROCESS_WITH_FORM_BPMN = STUCK_PROCESS_BPMN.replaceAll(
  `"${STUCK_PROCESS_KEY}"`,
  `"${STUCK_FORM_PROCESS_KEY}"`,
).replace(
  '<bpmn:startEvent id="Start" name="登记">',
  '<bpmn:startEvent id="Start" name="登记"><bpmn:extensionElements><zeebe:formDefinition formId="amount-apply" /></bpmn:extensionElements>',
);
