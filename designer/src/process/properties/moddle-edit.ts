// Reading and writing the BPMN elements the civic entries edit, through bpmn-js's services: every
// change is one command on the command stack (one undo).

export interface ModdleObject {
  $type: string;
  $parent?: ModdleObject;
  $instanceOf(type: string): boolean;
  get(name: string): unknown;
  [key: string]: unknown;
}

export interface BusinessObject extends ModdleObject {
  id: string;
  name?: string;
  extensionElements?: ModdleObject & { values?: ModdleObject[] };
}

export interface PanelElement {
  id: string;
  type: string;
  businessObject: BusinessObject;
  labelTarget?: PanelElement;
}

export interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): ModdleObject;
}

export interface Injector {
  get<T = unknown>(name: string): T;
}

interface CommandStack {
  execute(command: string, context: unknown): void;
}

export type Command =
  | { cmd: 'element.updateProperties'; context: { element: PanelElement; properties: Record<string, unknown> } }
  | {
      cmd: 'element.updateModdleProperties';
      context: { element: PanelElement; moddleElement: ModdleObject; properties: Record<string, unknown> };
    };

export function extensionOf(owner: ModdleObject | undefined, type: string): ModdleObject | undefined {
  const container = owner?.extensionElements as BusinessObject['extensionElements'] | undefined;
  return container?.values?.find((v) => v.$type === type);
}

/** Runs several changes as one undoable step. */
export function execute(injector: Injector, commands: Command[]): void {
  if (commands.length > 0)
    injector.get<CommandStack>('commandStack').execute('properties-panel.multi-command-executor', commands);
}

/**
 * The commands that set attributes of one extension element of `owner` (the element's business
 * object, or e.g. its loop characteristics), creating the element and its container when missing.
 * An `undefined` attribute is removed.
 */
export function setExtensionCommands(
  injector: Injector,
  element: PanelElement,
  owner: ModdleObject,
  type: string,
  attrs: Record<string, unknown>,
): Command[] {
  const factory = injector.get<BpmnFactory>('bpmnFactory');
  const existing = extensionOf(owner, type);
  if (existing)
    return [
      { cmd: 'element.updateModdleProperties', context: { element, moddleElement: existing, properties: attrs } },
    ];
  const commands: Command[] = [];
  let container = owner.extensionElements as BusinessObject['extensionElements'] | undefined;
  if (!container) {
    container = factory.create('bpmn:ExtensionElements', { values: [] }) as NonNullable<
      BusinessObject['extensionElements']
    >;
    container.$parent = owner;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element, moddleElement: owner, properties: { extensionElements: container } },
    });
  }
  const created = factory.create(type, withoutUndefined(attrs));
  created.$parent = container;
  commands.push({
    cmd: 'element.updateModdleProperties',
    context: { element, moddleElement: container, properties: { values: [...(container.values ?? []), created] } },
  });
  return commands;
}

export function setExtension(
  injector: Injector,
  element: PanelElement,
  type: string,
  attrs: Record<string, unknown>,
): void {
  execute(injector, setExtensionCommands(injector, element, element.businessObject, type, attrs));
}

/** The command that removes an extension element of `owner`, if it has one. */
export function removeExtensionCommands(element: PanelElement, owner: ModdleObject, type: string): Command[] {
  const container = owner.extensionElements as BusinessObject['extensionElements'] | undefined;
  const existing = extensionOf(owner, type);
  if (!container || !existing) return [];
  return [
    {
      cmd: 'element.updateModdleProperties',
      context: {
        element,
        moddleElement: container,
        properties: { values: (container.values ?? []).filter((v) => v !== existing) },
      },
    },
  ];
}

export function withoutUndefined(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined));
}

export function splitList(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** `''` and whitespace are no value. */
export function valueOrUndefined(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
