/**
 * Marks cells of the dmn-js table by their ids: the rules the last trial matched, and cells that
 * would not deploy. A stylesheet rather than classes, so the marks survive the table re-rendering.
 */
export function TableHighlights({ matchedRules, invalidCells }: { matchedRules: string[]; invalidCells: string[] }) {
  const css = [
    ...matchedRules.map((id) => `.rules-editor td[data-row-id="${CSS.escape(id)}"]{background:#fff4c2}`),
    ...invalidCells
      .filter(Boolean)
      .map(
        (id) =>
          `.rules-editor td[data-element-id="${CSS.escape(id)}"]{box-shadow:inset 0 0 0 2px #d92d20;background:#fef3f2}`,
      ),
  ].join('\n');
  return <style data-testid="table-highlights">{css}</style>;
}
