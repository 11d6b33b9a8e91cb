import { useState } from 'react';
import { FileButton } from '../shared/FileButton.js';
import type { SectionProps } from './section.js';
import type { ImportReport } from './admin-api.js';

async function fileContent(file: File): Promise<{ format: 'xlsx' | 'csv'; content: string }> {
  if (/\.csv$/i.test(file.name)) return { format: 'csv', content: await file.text() };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { format: 'xlsx', content: btoa(binary) };
}

/** Departments and users from a sheet: checked first (nothing written), then imported when every row is right. */
export function Import({ api, t, act }: SectionProps) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    const body = await fileContent(file);
    await act(
      async () => setReport(await api.importDirectory({ ...body, dryRun })),
      dryRun ? t('importChecked') : t('importDone'),
    );
  };
  const problems = report?.rows.filter((r) => r.problems.length > 0) ?? [];
  return (
    <section className="admin-form" aria-label={t('importTitle')}>
      <h3>{t('importTitle')}</h3>
      <p className="muted">{t('importHint')}</p>
      <FileButton
        face={t('importSheet')}
        chosen={file?.name ?? t('fileNoneChosen')}
        aria-label={t('importSheet')}
        name="importFile"
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
        <div className="import-report" role="status">
          <p>
            {report.ok
              ? t('importSummary', { departments: report.departments, users: report.users })
              : t('importProblems', { count: problems.length })}
          </p>
          {problems.length > 0 && (
            <ul>
              {problems.map((r) => (
                <li key={`${r.sheet}-${r.row}`}>
                  {t('importRow', {
                    sheet: t(r.sheet === 'users' ? 'adminUsers' : 'adminDepartments'),
                    row: r.row,
                    problems: r.problems.join('；'),
                  })}
                </li>
              ))}
            </ul>
          )}
          {report.temporaryPasswords && (
            <ul>
              {Object.entries(report.temporaryPasswords).map(([username, password]) => (
                <li key={username}>
                  {t('temporaryPassword', { username })} <code>{password}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
