declare module 'bpmn-js-token-simulation/lib/modeler' {
  const TokenSimulationModelerModule: Record<string, unknown>;
  export default TokenSimulationModelerModule;
}
declare module 'bpmn-js-differ' {
  export function diff(
    a: unknown,
    b: unknown,
  ): {
    _added: Record<string, { id: string; $type: string; name?: string }>;
    _removed: Record<string, { id: string; $type: string; name?: string }>;
    _changed: Record<
      string,
      {
        model: { id: string; $type: string; name?: string };
        attrs: Record<string, { oldValue: unknown; newValue: unknown }>;
      }
    >;
    _layoutChanged: Record<string, { id: string; $type: string; name?: string }>;
  };
}
