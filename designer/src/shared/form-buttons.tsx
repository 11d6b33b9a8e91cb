// rjsf's array buttons are icons of Bootstrap 3's glyph font, which the app does not load: they
// showed as empty squares. Here they carry words (添加一项, 删除, 上移, 下移), and rjsf's own texts
// are said in the user's language.
import {
  englishStringTranslator,
  type IconButtonProps,
  replaceStringParameters,
  TranslatableString,
} from '@rjsf/utils';
import type { MessageKey, T } from '../app/i18n/index.js';

/** rjsf's texts the app says in its own words; the rest stay rjsf's. */
const OWN: Partial<Record<TranslatableString, MessageKey>> = {
  [TranslatableString.AddButton]: 'formItemAdd',
  [TranslatableString.AddItemButton]: 'formItemAdd',
  [TranslatableString.RemoveButton]: 'formItemRemove',
  [TranslatableString.MoveUpButton]: 'moveUp',
  [TranslatableString.MoveDownButton]: 'moveDown',
  [TranslatableString.CopyButton]: 'formItemCopy',
  [TranslatableString.ClearButton]: 'formItemClear',
  [TranslatableString.EmptyArray]: 'formItemsNone',
  [TranslatableString.YesLabel]: 'choiceYes',
  [TranslatableString.NoLabel]: 'choiceNo',
};

export function formTranslator(t: T) {
  return (text: TranslatableString, params?: string[]): string => {
    const key = OWN[text];
    return key ? replaceStringParameters(t(key), params) : englishStringTranslator(text, params);
  };
}

/** A button of an array field with its words shown (the title says the same for screen readers). */
function TextButton({ text, danger, ...props }: IconButtonProps & { text: TranslatableString; danger?: boolean }) {
  const { icon, iconType, uiSchema, registry, className, ...rest } = props;
  return (
    <button
      type="button"
      {...rest}
      className={`form-item-button${danger ? ' danger' : ''}${className ? ` ${className}` : ''}`}
    >
      {registry.translateString(text)}
    </button>
  );
}

export const BUTTON_TEMPLATES = {
  AddButton: (p: IconButtonProps) => <TextButton {...p} text={TranslatableString.AddItemButton} />,
  RemoveButton: (p: IconButtonProps) => <TextButton {...p} text={TranslatableString.RemoveButton} danger />,
  MoveUpButton: (p: IconButtonProps) => <TextButton {...p} text={TranslatableString.MoveUpButton} />,
  MoveDownButton: (p: IconButtonProps) => <TextButton {...p} text={TranslatableString.MoveDownButton} />,
  CopyButton: (p: IconButtonProps) => <TextButton {...p} text={TranslatableString.CopyButton} />,
  ClearButton: (p: IconButtonProps) => <TextButton {...p} text={TranslatableString.ClearButton} />,
};
