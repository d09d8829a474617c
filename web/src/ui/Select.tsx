/**
 * A native select with antd's Select props (value, onChange, options, placeholder; `onClear` for antd's allowClear). antd's Select
 * renders an unnamed hidden listbox (axe-core: aria-input-field-name) and its options cannot be reached by role;
 * the native control is named by its label, works with every screen reader and keyboard, and weighs nothing.
 */
import type { CSSProperties } from 'react';

export interface Option<V> {
  value: V;
  label: string;
}

export function Select<V extends string | number>({
  value,
  onChange,
  options,
  placeholder,
  onClear,
  disabled,
  id,
  style,
  'aria-label': ariaLabel,
}: {
  value: V | undefined;
  onChange: (value: V) => void;
  options: readonly Option<V>[];
  /** Shown while nothing is chosen; with `onClear` choosing it clears the value. */
  placeholder?: string;
  onClear?: () => void;
  disabled?: boolean;
  id?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}) {
  const index = options.findIndex((o) => o.value === value);
  const showEmpty = index < 0 || !!onClear;
  return (
    <select
      id={id}
      className="native-select"
      aria-label={ariaLabel}
      disabled={disabled}
      style={style}
      value={index < 0 ? '' : String(index)}
      onChange={(e) => {
        const chosen = e.target.value === '' ? undefined : options[Number(e.target.value)];
        if (chosen) onChange(chosen.value);
        else onClear?.();
      }}
    >
      {showEmpty ? (
        <option value="" disabled={!onClear}>
          {placeholder ?? ''}
        </option>
      ) : null}
      {options.map((o, i) => (
        <option key={String(o.value)} value={String(i)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
