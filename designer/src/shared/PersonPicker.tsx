import { useEffect, useId, useState } from 'react';
import type { Person } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';

/**
 * Picks people by their names (转给, 委派给, 抄送): typing part of a name lists the matching people
 * with their units; the chosen ones show as names, their accounts are what the value holds.
 */
export function PersonPicker({
  label,
  multiple,
  value,
  onChange,
}: {
  label: string;
  multiple: boolean;
  value: Person[];
  onChange(people: Person[]): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Person[]>([]);
  const listId = useId();

  useEffect(() => {
    let current = true;
    // A short pause while typing, so that each key does not ask the server.
    const timer = setTimeout(
      () =>
        api.people(text).then(
          (people) => current && setFound(people),
          () => current && setFound([]),
        ),
      text ? 200 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, text]);

  const chosen = new Set(value.map((p) => p.username));
  const choose = (p: Person) => {
    onChange(multiple ? [...value, p] : [p]);
    setText('');
  };
  const offered = found.filter((p) => !chosen.has(p.username)).slice(0, 8);
  const full = !multiple && value.length > 0;

  return (
    <div className="person-picker">
      <span>{label}</span>
      {value.map((p) => (
        <span key={p.username} className="chip" data-person={p.username}>
          {t('personWithUnit', { name: p.displayName, unit: p.unit })}
          <button
            type="button"
            className="link"
            aria-label={t('personRemove', { name: p.displayName })}
            onClick={() => onChange(value.filter((v) => v.username !== p.username))}
          >
            ×
          </button>
        </span>
      ))}
      {!full && (
        <>
          <input
            type="search"
            aria-label={label}
            aria-controls={listId}
            placeholder={t('personSearch')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {text && (
            <section id={listId} className="person-results" aria-label={t('personFound')}>
              {offered.length === 0 && <span className="muted">{t('personNone')}</span>}
              {offered.map((p) => (
                <button key={p.username} type="button" className="link" onClick={() => choose(p)}>
                  {t('personWithUnit', { name: p.displayName, unit: p.unit })}
                </button>
              ))}
            </section>
          )}
        </>
      )}
    </div>
  );
}
