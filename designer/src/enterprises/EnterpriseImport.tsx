import { useState } from 'react';
import type { EnterpriseImportReport } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { sheetContent } from './print-html.js';
import { FileButton } from '../shared/FileButton.js';

/** Enterprises from an Excel or CSV sheet: checked first with a report per row, then imported when every row is right. */
export function EnterpriseImport({
  tenantId,
  act,
}: {
  tenantId: string;
  act(work: () => Promise<unknown>, done: string): Promise<boolean>;
}) {
  const api = useApi();
  const { t } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<EnterpriseImportReport | null>(null);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    const body = await sheetContent(file);
    await act(
      async () => setReport(await api.importEnterprises({ ...body, dryRun, tenantId })),
      dryRun ? t('importChecked') : t('importDone'),
    );
  };
  const flagged = report?.rows.filter((r) => r.problems.length > 0 || r.warnings.length > 0) ?? [];
  return (
    <section className="add-enterprise" aria-label={t('enterpriseImportTitle')}>
      <h3>{t('enterpriseImportTitle')}</h3>
      <p className="muted">{t('enterpriseImportHint')}</p>
      <FileButton
        face={t('importSheet')}
        chosen={file?.name ?? t('fileNoneChosen')}
        accept=".xlsx,.csv"
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          setReport(null);
        }}
      />
      <button type="button" disabled={!file} onClick={() => void run(true)}>
        {t('importCheck')}
      </button>
      <button
        type="button"
        className="primary"
        disabled={!report?.ok || !report.dryRun}
        onClick={() => void run(false)}
      >
        {t('importRun')}
      </button>
      {report && (
        <div className="import-report">
          <p>
            {report.ok
              ? t(report.written ? 'enterpriseImported' : 'enterpriseImportOk', { count: report.enterprises })
              : t('importProblems', { count: report.rows.filter((r) => r.problems.length > 0).length })}
          </p>
          <ul>
            {flagged.map((r) => (
              <li key={r.row} className={r.problems.length > 0 ? 'problem' : 'warning'}>
                {t('enterpriseImportRow', { row: r.row, text: [...r.problems, ...r.warnings].join('；') })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
