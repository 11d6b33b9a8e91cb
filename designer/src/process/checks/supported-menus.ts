import * as ReplaceOptions from 'bpmn-js/lib/features/replace/ReplaceOptions';
import { isSupportedBpmn } from '../../../../definitions/index.js';

/**
 * A bpmn-js module that leaves in the palette, the context pad and the replace menu only what
 * the compiler accepts (`definitions`' list of supported kinds): signal, link and compensation
 * events and ad-hoc subprocesses are offered; conditional events, complex gateways,
 * transactions, pools and standard loops are not.
 */
type Entries = Record<string, unknown>;
type Update = (entries: Entries) => Entries;
interface Target {
  type: string;
  eventDefinitionType?: string;
}
interface Registrar {
  registerProvider(...args: unknown[]): void;
}

/** Entries of bpmn-js's own menus that create something the engine does not run. */
const UNSUPPORTED_ENTRIES = new Set([
  'create.participant-expanded',
  'append.condition-intermediate-event',
  'toggle-loop',
  'toggle-participant-multiplicity',
]);

/** Each replace option's action name → what it turns the element into. */
const TARGETS = new Map<string, Target>();
for (const options of Object.values(ReplaceOptions) as unknown[]) {
  if (!Array.isArray(options)) continue;
  for (const option of options as Array<{ actionName?: string; target?: Target }>) {
    if (option.actionName && option.target) TARGETS.set(option.actionName, option.target);
  }
}

export function isOfferable(entryId: string): boolean {
  if (UNSUPPORTED_ENTRIES.has(entryId)) return false;
  const target = TARGETS.get(entryId);
  return !target || isSupportedBpmn(target.type, target.eventDefinitionType);
}

const keepSupported: Update = (entries) =>
  Object.fromEntries(Object.entries(entries).filter(([id]) => isOfferable(id)));

class SupportedMenus {
  static $inject = ['palette', 'contextPad', 'popupMenu'];
  constructor(palette: Registrar, contextPad: Registrar, popupMenu: Registrar) {
    palette.registerProvider(500, { getPaletteEntries: () => keepSupported });
    contextPad.registerProvider(500, { getContextPadEntries: () => keepSupported });
    popupMenu.registerProvider('bpmn-replace', 500, {
      getPopupMenuEntries: () => keepSupported,
      getPopupMenuHeaderEntries: () => keepSupported,
    });
  }
}

export const supportedMenusModule = {
  __init__: ['civicSupportedMenus'],
  civicSupportedMenus: ['type', SupportedMenus],
};
