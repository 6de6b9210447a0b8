import { Menu, type MenuEntry } from '@/src/ui/shared/Menu';
import { SystemPromptIcon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';
import type { PromptPreset } from './prompt-library';

interface Props {
  presets: readonly PromptPreset[];
  /** The chosen preset for a new chat ('' for none). */
  selectedId: string;
  onSelect(id: string): void;
  /** The system prompt of the conversation shown, once it has started (then the choice is fixed). */
  fixedPrompt: string | undefined;
  started: boolean;
  onManage(): void;
  managing: boolean;
}

const text = strings.chat.prompts;

/**
 * Which system prompt a new chat uses, as a menu (a compact button in the chat's toolbar): "none",
 * the presets, and the library. Once the chat has started the choice is fixed: the choices stay
 * listed (the current one checked) but cannot be picked.
 */
export function PromptPicker({ presets, selectedId, onSelect, fixedPrompt, started, onManage, managing }: Props) {
  const fixedPreset = started ? presets.find((preset) => preset.text === fixedPrompt) : undefined;
  const value = started ? (fixedPrompt ? (fixedPreset?.id ?? 'custom') : '') : selectedId;
  const choice = (id: string, label: string): MenuEntry => ({ kind: 'radio', id: `prompt-${id}`, label, checked: value === id, disabled: started, onSelect: () => onSelect(id) });
  const entries: MenuEntry[] = [
    choice('', text.none),
    ...presets.map((preset) => choice(preset.id, preset.name)),
    ...(value === 'custom' ? [choice('custom', text.custom)] : []),
    { kind: 'separator', id: 'library-separator' },
    { kind: 'item', id: 'library', label: managing ? text.close : text.manage, onSelect: onManage },
  ];
  const current = value === '' ? text.none : value === 'custom' ? text.custom : (presets.find((preset) => preset.id === value)?.name ?? text.none);
  return (
    <Menu label={text.label} detail={current} entries={entries} alignEnd className="prompt-picker" {...(started ? { description: text.fixed } : {})}>
      <SystemPromptIcon className="icon" aria-hidden="true" focusable="false" />
      <span className="truncate">{current}</span>
    </Menu>
  );
}
