// What the properties panel shows and changes on a selected BPMN element, through bpmn-js's own
// services (moddle to create, modeling to change: every edit is one undoable command).

/** The bpmn-js services the panel uses (bpmn-js types them loosely). */
export interface ModelerServices {
  get<T = unknown>(name: string): T;
}

interface ModdleElement {
  $type: string;
  [key: string]: unknown;
}

interface BusinessObject extends ModdleElement {
  id: string;
  name?: string;
  extensionElements?: ModdleElement & { values?: ModdleElement[] };
  conditionExpression?: ModdleElement & { body?: string };
  sourceRef?: BusinessObject & { default?: BusinessObject };
}

export interface DiagramElement {
  id: string;
  businessObject: BusinessObject;
}

interface Moddle {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
}
interface Modeling {
  updateProperties(element: DiagramElement, props: Record<string, unknown>): void;
  updateModdleProperties(element: DiagramElement, target: ModdleElement, props: Record<string, unknown>): void;
}

export type ExtensionType = 'zeebe:AssignmentDefinition' | 'zeebe:FormDefinition' | 'civic:Deadline';

export interface ElementFacts {
  id: string;
  type: string;
  name: string;
  isUserTask: boolean;
  candidateGroups: string[];
  formId: string;
  deadline: string;
  warning: string;
  /** A flow leaving an exclusive or inclusive gateway, other than its default: it takes a condition. */
  takesCondition: boolean;
  condition: string;
}

export function factsOf(element: DiagramElement): ElementFacts {
  const bo = element.businessObject;
  const ext = (type: ExtensionType) => bo.extensionElements?.values?.find((v) => v.$type === type);
  const source = bo.sourceRef;
  const fromGateway = bo.$type === 'bpmn:SequenceFlow' && !!source && ['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway'].includes(source.$type);
  return {
    id: bo.id,
    type: bo.$type,
    name: bo.name ?? '',
    isUserTask: bo.$type === 'bpmn:UserTask',
    candidateGroups: splitList(ext('zeebe:AssignmentDefinition')?.candidateGroups),
    formId: String(ext('zeebe:FormDefinition')?.formId ?? ''),
    deadline: String(ext('civic:Deadline')?.duration ?? ''),
    warning: String(ext('civic:Deadline')?.warning ?? ''),
    takesCondition: fromGateway && source?.default !== bo,
    condition: bo.conditionExpression?.body ?? '',
  };
}

export function setName(services: ModelerServices, element: DiagramElement, name: string): void {
  services.get<Modeling>('modeling').updateProperties(element, { name: name || undefined });
}

/** Sets attributes of one extension element (created when missing); an empty value removes the attribute. */
export function setExtension(services: ModelerServices, element: DiagramElement, type: ExtensionType, attrs: Record<string, string>): void {
  const moddle = services.get<Moddle>('moddle');
  const modeling = services.get<Modeling>('modeling');
  const values = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, v.trim() === '' ? undefined : v.trim()]));
  let container = element.businessObject.extensionElements;
  if (!container) {
    container = moddle.create('bpmn:ExtensionElements', { values: [] }) as NonNullable<BusinessObject['extensionElements']>;
    modeling.updateProperties(element, { extensionElements: container });
  }
  const existing = container.values?.find((v) => v.$type === type);
  if (existing) modeling.updateModdleProperties(element, existing, values);
  else modeling.updateModdleProperties(element, container, { values: [...(container.values ?? []), moddle.create(type, values)] });
}

export function setCondition(services: ModelerServices, element: DiagramElement, feel: string): void {
  const body = feel.trim();
  const expression = body ? services.get<Moddle>('moddle').create('bpmn:FormalExpression', { body }) : undefined;
  services.get<Modeling>('modeling').updateProperties(element, { conditionExpression: expression });
}

export function splitList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}
