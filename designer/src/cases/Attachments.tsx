import { useCallback, useEffect, useRef, useState } from 'react';
import type { Attachment } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { acceptOf, kindsTextOf, sizeText } from '../shared/attachment-kinds.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { localTime } from './local-time.js';
import { FileButton } from '../shared/FileButton.js';

/** The unit's attachment policy (附件规则) as the upload box shows it. */
interface Policy {
  kinds: string[];
  maxFileBytes: number;
  maxPerCase: number;
}

/**
 * A case's attachments (附件): name, size, uploader, step and time, each downloadable; an upload
 * button when the viewer may add one (at the task's step when `taskId` is given), offering the kinds
 * the case's unit (`tenant`) allows and saying its limits.
 */
export function Attachments({
  caseId,
  tenant,
  taskId,
  canUpload,
}: {
  caseId: string;
  tenant: string;
  taskId?: string;
  canUpload: boolean;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const [items, setItems] = useState<Attachment[]>([]);
  const [busy, setBusy] = useState(false);
  const { status, setStatus, fail } = useStatus();
  const input = useRef<HTMLInputElement>(null);

  const [policy, setPolicy] = useState<Policy | null>(null);

  const load = useCallback(() => api.caseAttachments(caseId).then(setItems, fail), [api, caseId, fail]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!canUpload) return;
    let live = true;
    api.attachmentPolicy(tenant).then((p) => live && setPolicy(p.effective), fail);
    return () => {
      live = false;
    };
  }, [api, tenant, canUpload, fail]);

  const upload = async (file: File) => {
    setBusy(true);
    setStatus({ kind: 'ok', text: t('attachUploading') });
    try {
      const added = await api.attach(taskId ? { taskId } : { caseId }, file);
      await load();
      setStatus({ kind: 'ok', text: t('attachDone', { name: added.fileName }) });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const download = async (a: Attachment) => {
    try {
      const url = URL.createObjectURL(await api.attachmentBlob(a.id));
      const link = document.createElement('a');
      link.href = url;
      link.download = a.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section className="attachments" aria-label={t('attachments')}>
      <h3>{t('attachments')}</h3>
      {items.length === 0 && <p className="muted">{t('attachmentsEmpty')}</p>}
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            <button type="button" className="link" onClick={() => void download(a)} title={t('attachDownload')}>
              {a.fileName}
            </button>{' '}
            <span className="muted">
              {t('attachMeta', {
                size: sizeText(a.size),
                who: a.uploadedBy === 'public' ? t('publicUploader') : (a.uploadedByName ?? a.uploadedBy),
                at: localTime(a.createdAt, locale),
              })}
              {a.stepName ? ` · ${t('attachAtStep', { step: a.stepName })}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {canUpload && policy && (
        <FileButton
          labelClass="attach-upload no-print"
          face={t('attachUpload')}
          inputRef={input}
          accept={acceptOf(policy.kinds)}
          disabled={busy || items.length >= policy.maxPerCase}
          onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])}
        >
          <span className="muted">
            {items.length >= policy.maxPerCase
              ? t('attachFull', { max: String(policy.maxPerCase) })
              : t('attachHint', {
                  kinds: kindsTextOf(policy.kinds, t, locale),
                  size: sizeText(policy.maxFileBytes),
                  max: String(policy.maxPerCase),
                })}
          </span>
        </FileButton>
      )}
      <StatusLine status={status} />
    </section>
  );
}
