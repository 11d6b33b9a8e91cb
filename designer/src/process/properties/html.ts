// The panel is Preact: civic entries are written with htm on the panel's own Preact instance
// (React components cannot render inside it).
import { h, type VNode } from '@bpmn-io/properties-panel/preact';
import htm from 'htm';

export const html = htm.bind(h) as (strings: TemplateStringsArray, ...values: unknown[]) => VNode;
export { useEffect, useMemo, useState } from '@bpmn-io/properties-panel/preact/hooks';
