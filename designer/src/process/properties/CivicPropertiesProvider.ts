// The `civic` properties provider: keeps the library's groups whose meaning the engine runs,
// puts civic pickers in place of free-text ids, and adds what only civicflow has (deadlines
// with a live preview, 会签, task operations, field permissions, the condition builder).
import { Group } from '@bpmn-io/properties-panel';
import { cloneElement, h, type VNode } from '@bpmn-io/properties-panel/preact';
import type { CatalogData } from './catalog.js';
import {
  AD_HOC_GROUPS,
  DROPPED_ENTRIES,
  ENGINE_GROUPS,
  LISTENER_GROUP,
  REPLACED_ENTRIES,
  refusedListenerEvents,
  runsListeners,
} from './engine-groups.js';
import { ConditionEntry } from './entries/condition.js';
import { CountersignEntry } from './entries/countersign.js';
import { ClockStartEntry, DeadlineEntry, DeadlinePreviewEntry, WarningEntry } from './entries/deadline.js';
import { DepartmentsEntry } from './entries/departments.js';
import { FieldPermissionsEntry } from './entries/field-permissions.js';
import { MappingLabel } from './entries/mapping-label.js';
import { CalledProcessEntry, DecisionEntry, FormEntry } from './entries/pickers.js';
import { TaskOperationsEntry } from './entries/task-operations.js';
import { type BusinessObject, extensionOf, type ModdleObject, type PanelElement } from './moddle-edit.js';

interface Entry {
  id: string;
  component: unknown;
  isEdited?: unknown;
}

interface PanelGroup {
  id: string;
  label: string;
  entries: Entry[];
  component: unknown;
  /** A list group's items (execution listeners, mappings), each with its entries. */
  items?: Array<{
    id: string;
    label?: unknown;
    entries: Array<Entry & { eventTypes?: string[]; listener?: ModdleObject }>;
  }>;
}

interface PropertiesPanelService {
  registerProvider(priority: number, provider: unknown): void;
}

type Translate = (template: string, replacements?: Record<string, string>) => string;

interface Catalog {
  data: CatalogData;
}

const REPLACEMENTS: Record<string, Entry['component']> = {
  civicDepartments: DepartmentsEntry,
  civicCalledProcess: CalledProcessEntry,
  civicDecision: DecisionEntry,
};

/** Runs after the BPMN and Zeebe providers (lower priority = later). */
const LAST = 100;

export class CivicPropertiesProvider {
  static $inject = ['propertiesPanel', 'civicCatalog', 'translate'];

  constructor(
    propertiesPanel: PropertiesPanelService,
    private readonly catalog: Catalog,
    private readonly translate: Translate,
  ) {
    propertiesPanel.registerProvider(LAST, this);
  }

  getGroups(element: PanelElement) {
    return (groups: PanelGroup[]): PanelGroup[] => {
      const adHoc = this.adHocGroup(groups);
      const bo = element.businessObject as Parameters<typeof runsListeners>[0] & BusinessObject;
      const kept = groups
        .filter((g) => ENGINE_GROUPS.has(g.id) && (g.id !== LISTENER_GROUP || runsListeners(bo)))
        .map((g) => (g.id === LISTENER_GROUP ? this.adaptListeners(g, refusedListenerEvents(bo)) : adaptEntries(g)))
        .map((g) => (g.id in MAPPINGS ? labelMappings(g, element) : g));
      if (adHoc) kept.push(adHoc);
      const civic = this.civicGroups(element);
      const at = kept.findIndex((g) => g.id === 'general') + 1;
      // The groups' own buttons and badges ("Create", "Toggle section") are said in the modeler's language.
      const translate = this.translate;
      return [...kept.slice(0, at), ...civic, ...kept.slice(at)].map((g) => ({ translate, ...g }));
    };
  }

  /**
   * The listeners' entries: the event type offers only what the engine runs there (one already set
   * stays, to be changed), and a listener's own header list says its buttons in the modeler's
   * language (the library gives that nested list no translation).
   */
  private adaptListeners(group: PanelGroup, refused: string[]): PanelGroup {
    if (!group.items) return group;
    const items = group.items.map((item) => ({
      ...item,
      entries: item.entries.map((e) => {
        if (e.id.endsWith('-headers')) return { ...e, component: this.translated(e.component) };
        if (!e.eventTypes || refused.length === 0) return e;
        const current = e.listener?.get('eventType');
        return { ...e, eventTypes: e.eventTypes.filter((t) => !refused.includes(t) || t === current) };
      }),
    }));
    return { ...group, items };
  }

  private readonly wrapped = new Map<unknown, unknown>();

  /** A library entry component whose rendered list entry is given the modeler's `translate` (one wrapper per component, so it is not remounted). */
  private translated(component: unknown): unknown {
    let wrapper = this.wrapped.get(component);
    if (!wrapper) {
      const render = component as (props: Record<string, unknown>) => VNode | null;
      const translate = this.translate;
      wrapper = (props: Record<string, unknown>) => {
        const vnode = render(props);
        return vnode ? cloneElement(vnode, { translate }) : vnode;
      };
      this.wrapped.set(component, wrapper);
    }
    return wrapper;
  }

  /** The library's ad-hoc groups as one: which steps run, when it is done, what it collects. */
  private adHocGroup(groups: PanelGroup[]): PanelGroup | null {
    const parts = AD_HOC_GROUPS.map((id) => groups.find((g) => g.id === id)).filter((g): g is PanelGroup => !!g);
    if (parts.length === 0) return null;
    return {
      id: 'adHoc',
      label: this.catalog.data.t('pp_groupAdHoc'),
      component: Group,
      entries: parts.flatMap((g) => g.entries),
    };
  }

  private civicGroups(element: PanelElement): PanelGroup[] {
    const t = this.catalog.data.t;
    const bo = element.businessObject;
    const group = (id: string, label: string, entries: Array<[string, Entry['component']]>): PanelGroup => ({
      id,
      label,
      component: Group,
      entries: entries.map(([entryId, component]) => ({ id: entryId, component })),
    });
    const groups: PanelGroup[] = [];
    if (bo.$type === 'bpmn:UserTask') {
      groups.push(group('civicForm', t('pp_groupForm'), [['civicForm', FormEntry]]));
      groups.push(
        group('civicDeadline', t('pp_groupDeadline'), [
          ['civicDeadlineDuration', DeadlineEntry],
          ['civicDeadlineWarning', WarningEntry],
          ['civicDeadlineStart', ClockStartEntry],
          ['civicDeadlinePreview', DeadlinePreviewEntry],
        ]),
      );
      groups.push(group('civicCountersign', t('pp_groupCountersign'), [['civicCountersign', CountersignEntry]]));
      groups.push(
        group('civicTaskOperations', t('pp_groupOperations'), [['civicTaskOperations', TaskOperationsEntry]]),
      );
      groups.push(
        group('civicFieldPermissions', t('pp_groupPermissions'), [['civicFieldPermissions', FieldPermissionsEntry]]),
      );
    }
    if (isTimerBoundary(bo)) {
      groups.push(
        group('civicDeadline', t('pp_groupWorkingTimer'), [
          ['civicDeadlineDuration', DeadlineEntry],
          ['civicDeadlinePreview', DeadlinePreviewEntry],
        ]),
      );
    }
    if (takesCondition(bo))
      groups.push(group('civicCondition', t('pp_groupCondition'), [['civicCondition', ConditionEntry]]));
    return groups;
  }
}

/** The library's mapping groups and the zeebe:IoMapping list each draws, in order. */
const MAPPINGS: Record<string, string> = { inputs: 'inputParameters', outputs: 'outputParameters' };

/** Each mapping headed by its variable in words (a form field's label) instead of the library's bare name. */
function labelMappings(group: PanelGroup, element: PanelElement): PanelGroup {
  const parameters = extensionOf(element.businessObject, 'zeebe:IoMapping')?.[MAPPINGS[group.id]!] as
    | ModdleObject[]
    | undefined;
  if (!group.items || !parameters) return group;
  const items = group.items.map((item, i) => {
    const name = parameters[i]?.target;
    return typeof name === 'string' && name !== '' ? { ...item, label: h(MappingLabel, { name, element }) } : item;
  });
  return { ...group, items };
}

function adaptEntries(group: PanelGroup): PanelGroup {
  if (!Array.isArray(group.entries)) return group;
  const entries = group.entries
    .filter((e) => !DROPPED_ENTRIES.has(e.id))
    .map((e) => {
      const replacement = REPLACED_ENTRIES[e.id];
      return replacement ? { id: replacement, component: REPLACEMENTS[replacement] } : e;
    });
  return { ...group, entries };
}

function isTimerBoundary(bo: BusinessObject): boolean {
  const defs = bo.eventDefinitions as Array<{ $type: string }> | undefined;
  return bo.$type === 'bpmn:BoundaryEvent' && !!defs?.some((d) => d.$type === 'bpmn:TimerEventDefinition');
}

/** A flow leaving an exclusive or inclusive gateway, other than its default. */
function takesCondition(bo: BusinessObject): boolean {
  const source = bo.sourceRef as (BusinessObject & { default?: unknown }) | undefined;
  return (
    bo.$type === 'bpmn:SequenceFlow' &&
    !!source &&
    ['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway'].includes(source.$type) &&
    source.default !== bo
  );
}

export const CivicPropertiesModule = {
  __init__: ['civicPropertiesProvider'],
  civicPropertiesProvider: ['type', CivicPropertiesProvider],
};
