import { useApp } from '../app/AppContext.js';
import { issueText } from './CellPanel.js';
import type { CellProblem, TableModel } from './decision-table.js';
import { isWorkDurationColumn } from './work-duration-cells.js';

/** The cells that would not deploy, by rule and column (marked in the table too); 部署 waits for them. */
export function CellProblems({ problems, model }: { problems: CellProblem[]; model: TableModel }) {
  const { t } = useApp();
  if (problems.length === 0) return null;
  return (
    <section className="cell-problems" aria-label={t('cellProblems')}>
      <h4>{t('cellProblems')}</h4>
      <ul>
        {problems.map((p) => (
          <li key={p.cellId || `${p.kind}${p.row}.${p.column}`}>
            <strong>
              {t('rb_where', {
                row: p.row,
                column: (p.kind === 'input' ? model.inputs : model.outputs)[p.column] ?? '',
              })}
            </strong>
            ：{issueText(p.issue, t, p.kind === 'output' && isWorkDurationColumn(model, p.column))}
          </li>
        ))}
      </ul>
    </section>
  );
}
