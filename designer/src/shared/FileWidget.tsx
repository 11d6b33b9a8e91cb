import type { WidgetProps } from '@rjsf/utils';
import { useRef, useState } from 'react';
import { useApp } from '../app/AppContext.js';
import { sizeText } from './attachment-kinds.js';
import { FileButton } from './FileButton.js';

/** What a form's file fields (附件/照片) may do where the form is shown: upload, and within which bounds. */
export interface FileFieldContext {
  /** Uploads one file; answers what the field's value keeps (an attachment id, or a public upload's token) and its name. */
  upload(file: File): Promise<{ ref: string; fileName: string }>;
  /** `<input accept>`: the kinds the unit allows. */
  accept: string;
  /** The kinds in words, e.g. 照片. */
  kindsText: string;
  maxFiles: number;
  maxFileBytes: number;
  /** Names of files the value already holds (a draft, an earlier upload). */
  names?: Record<string, string>;
}

/** rjsf's widget for a file field (`ui:widget: attachments`): the upload context comes in the form's context. */
export function FileWidget(props: WidgetProps) {
  const files = (props.registry.formContext as { files?: FileFieldContext } | undefined)?.files;
  return (
    <FileField
      id={props.id}
      label={props.label}
      value={props.value}
      maxItems={props.schema.maxItems}
      disabled={!!props.disabled}
      readonly={!!props.readonly}
      files={files}
      onChange={props.onChange}
    />
  );
}

/**
 * The upload widget of a file field: picks photos (the phone's camera too) or documents, uploads
 * each at once, keeps their ids or tokens in the value and shows their names. Without an upload
 * (the front desk registers before the case exists) it says where to attach them instead. Drawn
 * by rjsf (FileWidget) and by the public form's light renderer alike.
 */
export function FileField(props: {
  id: string;
  label: string;
  value: unknown;
  maxItems: number | undefined;
  disabled: boolean;
  readonly: boolean;
  files: FileFieldContext | undefined;
  onChange(value: string[]): void;
}) {
  const { t } = useApp();
  const files = props.files;
  const value = (Array.isArray(props.value) ? props.value : []) as string[];
  const [names, setNames] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const max = Math.min(files?.maxFiles ?? 0, Number(props.maxItems ?? Number.POSITIVE_INFINITY));

  const add = async (picked: File[]) => {
    setProblem(null);
    if (!files) return;
    if (value.length + picked.length > max) {
      setProblem(t('fileTooMany', { max: String(max) }));
      return;
    }
    setBusy(true);
    const next = [...value];
    try {
      for (const file of picked) {
        const done = await files.upload(file);
        next.push(done.ref);
        setNames((n) => ({ ...n, [done.ref]: done.fileName }));
      }
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      props.onChange(next);
      if (input.current) input.current.value = '';
    }
  };
  const nameOf = (ref: string, i: number) =>
    names[ref] ?? files?.names?.[ref] ?? t('fileUnnamed', { n: String(i + 1) });

  return (
    <div className="file-field" id={props.id}>
      {value.length > 0 && (
        <ul className="file-list">
          {value.map((ref, i) => (
            <li key={ref}>
              {nameOf(ref, i)}{' '}
              {!props.disabled && !props.readonly && (
                <button
                  type="button"
                  className="link"
                  onClick={() => props.onChange(value.filter((v) => v !== ref))}
                  aria-label={`${t('fileRemove')} ${nameOf(ref, i)}`}
                >
                  {t('fileRemove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!files ? (
        <p className="muted">{t('fileAfterRegister')}</p>
      ) : max <= 0 ? (
        <p className="muted">{t('fileClosed')}</p>
      ) : (
        !props.disabled &&
        !props.readonly && (
          <FileButton
            labelClass="file-pick"
            face={t('filePick')}
            inputRef={input}
            multiple
            accept={files.accept}
            disabled={busy || value.length >= max}
            aria-label={`${props.label} ${t('filePick')}`}
            onChange={(e) => void add([...(e.target.files ?? [])])}
          >
            <span className="muted">
              {busy
                ? t('fileUploading')
                : t('fileLimits', { kinds: files.kindsText, max: String(max), size: sizeText(files.maxFileBytes) })}
            </span>
          </FileButton>
        )
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
