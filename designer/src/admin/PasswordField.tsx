import { useEffect, useState } from 'react';
import { checkPassword, explainPassword, type PasswordVerdict } from '../../../definitions/index.js';
import type { Locale } from '../app/i18n/index.js';

/** A new password with the server's own policy checked as it is typed, explained in plain words. */
export function PasswordField({
  label,
  name,
  value,
  onChange,
  locale,
  userInputs = [],
}: {
  label: string;
  name: string;
  value: string;
  onChange(v: string): void;
  locale: Locale;
  userInputs?: string[];
}) {
  const [verdict, setVerdict] = useState<PasswordVerdict | undefined>();
  const inputs = userInputs.join('\u0000');
  useEffect(() => {
    let current = true;
    if (!value) setVerdict(undefined);
    else void checkPassword(value, inputs.split('\u0000')).then((v) => current && setVerdict(v));
    return () => {
      current = false;
    };
  }, [value, inputs]);
  return (
    <label>
      {label}
      <input
        name={name}
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        aria-invalid={verdict ? !verdict.ok : undefined}
      />
      {value && verdict && !verdict.ok && (
        <span className="field-problem" role="status">
          {explainPassword(verdict.reasons, locale)}
        </span>
      )}
    </label>
  );
}

export const passwordAcceptable = async (value: string, userInputs: string[] = []) =>
  (await checkPassword(value, userInputs)).ok;
