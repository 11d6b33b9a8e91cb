// bpmn-js-properties-panel, @bpmn-io/properties-panel and the Zeebe behaviours ship no types:
// the small surface the designer uses.
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const ZeebePropertiesProviderModule: ModuleDeclaration;
  export function useService<T = unknown>(name: string, strict?: boolean): T;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  import type { ModuleDeclaration } from 'didi';
  const ZeebeBehaviorsModule: ModuleDeclaration;
  export default ZeebeBehaviorsModule;
}

declare module '@bpmn-io/properties-panel' {
  import type { FunctionComponent } from '@bpmn-io/properties-panel/preact';
  // Entries take their element, id and accessors; the panel passes them through.
  type EntryProps = Record<string, unknown>;
  export const Group: FunctionComponent<EntryProps>;
  export const TextFieldEntry: FunctionComponent<EntryProps>;
  export const SelectEntry: FunctionComponent<EntryProps>;
  export const CheckboxEntry: FunctionComponent<EntryProps>;
  export function isTextFieldEntryEdited(node: unknown): boolean;
  export function isSelectEntryEdited(node: unknown): boolean;
  export function isCheckboxEntryEdited(node: unknown): boolean;
}

declare module 'htm' {
  // htm calls the bound `h(type, props, ...children)` for each tag of the template.
  const htm: { bind(h: unknown): (strings: TemplateStringsArray, ...values: unknown[]) => unknown };
  export default htm;
}
