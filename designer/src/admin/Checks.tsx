/** A group of checkboxes for picking several of a list (roles, departments, members). */
export function Checks({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: Array<readonly [string, string]>;
  value: string[];
  onChange(v: string[]): void;
}) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map(([id, label]) => (
        <label key={id} className="check">
          <input
            type="checkbox"
            checked={value.includes(id)}
            onChange={(e) => onChange(e.target.checked ? [...value, id] : value.filter((v) => v !== id))}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
