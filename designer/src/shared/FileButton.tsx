import type { InputHTMLAttributes, ReactNode, Ref } from 'react';

/**
 * A file input shown as a button with our own (Chinese) words: the browser's own control says
 * "Choose File / No file chosen" in the browser's language. The input stays in the page, visually
 * hidden but focusable, inside a `<label>` (`labelClass`) with the face and `children` (a hint), so
 * a click on the face opens the picker; `chosen` says what was picked, when the caller keeps a file
 * before sending it.
 */
export function FileButton({
  face,
  chosen,
  inputRef,
  labelClass,
  children,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'children'> & {
  face: string;
  chosen?: string;
  inputRef?: Ref<HTMLInputElement>;
  labelClass?: string;
  children?: ReactNode;
}) {
  return (
    <label className={labelClass}>
      <span className="file-button">
        <input {...input} ref={inputRef} type="file" className="visually-hidden" />
        <span className="button-face">{face}</span>
        {chosen !== undefined && <span className="muted file-chosen">{chosen}</span>}
      </span>
      {children}
    </label>
  );
}
