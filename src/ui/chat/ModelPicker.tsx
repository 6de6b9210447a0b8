import { useId } from 'react';
import { strings } from '@/src/ui/strings';
import type { ModelGroup, ModelOption } from './model-options';

interface Props {
  groups: readonly ModelGroup[];
  selected: ModelOption | undefined;
  loading: boolean;
  /** The vault is locked: nothing loads until it is unlocked. */
  locked?: boolean;
  disabled?: boolean;
  onChange(option: ModelOption): void;
}

/** The model to answer with, grouped by key (provider), then Chrome's built-in model and fallback chains. */
export function ModelPicker({ groups, selected, loading, locked, disabled, onChange }: Props) {
  const id = useId();
  const options = new Map(groups.flatMap((group) => group.options.map((option) => [option.value, option] as const)));
  const empty = !groups.some((group) => group.options.some((option) => option.usable));
  return (
    <div className="model-picker">
      <label htmlFor={id}>{strings.chat.picker.label}</label>
      <select
        id={id}
        value={selected?.value ?? ''}
        disabled={disabled || empty}
        onChange={(event) => {
          const option = options.get(event.target.value);
          if (option?.usable) onChange(option);
        }}
      >
        {!selected && <option value="">{locked ? strings.chat.picker.locked : loading ? strings.chat.picker.loading : strings.chat.picker.none}</option>}
        {groups.map((group) => (
          <optgroup key={group.id} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value} disabled={!option.usable}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
