import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn.css';
import './rules.css';
import type { DmnViewer } from 'dmn-js-shared/lib/base/EditingManager';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { Group } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import { cellWords } from './cell-words.js';
import { CELL_WORDS_CHANGED, cellWordsModule } from './cell-words-module.js';
import { translateTitles } from '../shared/translate-titles.js';
import { dmnTranslate } from './dmn-translations.js';
import { createRulesModeler, type RulesModeler } from './rules-modeler.js';
import { temporalEditModule } from './temporal-edit-module.js';

/** The cell selected in the table: where it is and what it holds. */
export interface SelectedCell {
  /** The cell's element id (its `inputEntry` / `outputEntry`). */
  id: string;
  kind: 'input' | 'output';
  /** 1-based, as the table numbers its rules. */
  row: number;
  /** 0-based among the inputs or the outputs. */
  column: number;
  text: string;
}

export interface DmnTableEditorHandle {
  open(xml: string): Promise<void>;
  xml(): Promise<string>;
  /** Writes a cell through the editor's command stack (undoable, like typing in it). */
  editCell(cellId: string, text: string): void;
}

interface Props {
  /** The departments by name: a cell holding a group id shows the department's name. */
  groups: Group[];
  /** After each edit, with the document as it stands. */
  onChanged(xml: string): void;
  onSelect(cell: SelectedCell | null): void;
}

/**
 * The dmn-js decision-table editor (columns with labels, expressions and types, hit policy, rules,
 * annotations) in the locale's language; a cell not being edited shows its value in words (cell-words.ts),
 * clicked it opens on its FEEL; dates and durations are edited in words (temporal-edit-module.ts). Everything it does not edit — other decisions, the
 * `civicflow:testCase` extensions — stays in the document as it was.
 */
export const DmnTableEditor = forwardRef<DmnTableEditorHandle, Props>(function DmnTableEditor(
  { groups, onChanged, onSelect },
  ref,
) {
  const { locale, t } = useApp();
  const host = useRef<HTMLDivElement>(null);
  const modeler = useRef<RulesModeler | null>(null);
  const latest = useRef<string | null>(null);
  const selected = useRef<string | null>(null);
  const listeners = useRef({ onChanged, onSelect });
  listeners.current = { onChanged, onSelect };
  // The cells read their words through this while the table lives; departments arrive later.
  const wordsFrom = useRef({ t, groups });
  wordsFrom.current = { t, groups };

  useEffect(() => {
    const m = createRulesModeler(host.current!, locale, [
      cellWordsModule({
        of: (text) =>
          cellWords(text, {
            t: wordsFrom.current.t,
            locale,
            departmentName: (id) => wordsFrom.current.groups.find((g) => g.id === id)?.name,
          }),
      }),
      temporalEditModule({ t: (key, vars) => wordsFrom.current.t(key, vars), locale }),
    ]);
    modeler.current = m;
    // dmn-js titles a column's drag handle (Move Input, Move Output) without its translate.
    const stopTitles = translateTitles(host.current!, dmnTranslate(locale), '.dmn-icon-drag[title^="Move "]');
    const wired = new WeakSet<DmnViewer>();
    const report = () => {
      const viewer = m.getActiveViewer();
      listeners.current.onSelect(viewer && selected.current ? describeCell(viewer, selected.current) : null);
    };
    const wire = () => {
      const viewer = m.getActiveViewer();
      if (!viewer || wired.has(viewer)) return;
      wired.add(viewer);
      viewer.on('elements.changed', () => {
        void m.saveXML({ format: true }).then(({ xml }) => {
          if (!xml) return;
          latest.current = xml;
          listeners.current.onChanged(xml);
        });
        report();
      });
      viewer.on('cellSelection.changed', (e: { elementId: string | null; selection: { selected?: boolean } }) => {
        if (e.selection.selected && e.elementId) {
          selected.current = e.elementId;
          report();
        }
      });
    };
    m.on('views.changed', wire);
    if (latest.current) void m.importXML(latest.current).then(wire);
    return () => {
      stopTitles();
      m.destroy();
      modeler.current = null;
    };
  }, [locale]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new departments are the trigger (the cells read them through a ref)
  useEffect(() => {
    modeler.current?.getActiveViewer()?.get('eventBus').fire(CELL_WORDS_CHANGED);
  }, [groups]);

  useImperativeHandle(ref, () => ({
    async open(xml: string) {
      latest.current = xml;
      selected.current = null;
      listeners.current.onSelect(null);
      await modeler.current!.importXML(xml);
    },
    async xml() {
      const { xml } = await modeler.current!.saveXML({ format: true });
      return xml ?? '';
    },
    editCell(cellId: string, text: string) {
      const viewer = modeler.current?.getActiveViewer();
      const cell = viewer?.get('elementRegistry').get(cellId);
      if (cell) viewer!.get('modeling').editCell(cell.businessObject, text);
    },
  }));

  return <div className="dmn-host" ref={host} data-testid="dmn-editor" />;
});

function describeCell(viewer: DmnViewer, id: string): SelectedCell | null {
  const cell = viewer.get('elementRegistry').get(id);
  const bo = cell?.businessObject;
  if (!bo || !(bo.$type === 'dmn:UnaryTests' || bo.$type === 'dmn:LiteralExpression')) return null;
  const rule = bo.$parent;
  const table = rule?.$parent;
  if (rule?.$type !== 'dmn:DecisionRule' || !table) return null;
  const kind = bo.$type === 'dmn:UnaryTests' ? 'input' : 'output';
  const entries: unknown[] = (kind === 'input' ? rule.inputEntry : rule.outputEntry) ?? [];
  return {
    id,
    kind,
    row: (table.rule as unknown[]).indexOf(rule) + 1,
    column: entries.indexOf(bo),
    text: String(bo.text ?? ''),
  };
}
