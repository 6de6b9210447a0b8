import { useCallback, useEffect, useRef, useState } from 'react';
import { openOptionsPage } from '@/src/platform/tabs';
import { ChevronDownIcon, KeyIcon, LockIcon } from '@/src/ui/shared/icons';
import { useVaultStatus } from '@/src/ui/shared/vault-state';
import { strings } from '@/src/ui/strings';
import type { ModelGroup, ModelOption } from '../model-options';
import './model-picker.css';

type Popover = typeof import('./PickerPopover').default;

/**
 * The list's code, loaded after the first paint and then rendered directly (not through
 * React.lazy: a Suspense boundary that suspends even once delays what it reveals).
 */
let PickerPopover: Popover | undefined;
let loading: Promise<Popover> | undefined;
function loadPopover(): Promise<Popover> {
  loading ??= import('./PickerPopover').then(
    (module) => (PickerPopover = module.default),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

interface Props {
  groups: readonly ModelGroup[];
  selected: ModelOption | undefined;
  loading: boolean;
  /** The vault is locked: nothing loads until it is unlocked. */
  locked?: boolean;
  disabled?: boolean;
  onChange(option: ModelOption): void;
}

type ButtonState = 'chosen' | 'locked' | 'add-key' | 'loading' | 'none';

function buttonState(groups: readonly ModelGroup[], selected: ModelOption | undefined, loading: boolean, locked: boolean, absent: boolean): ButtonState {
  if (selected) return 'chosen';
  if (locked) return 'locked';
  if (absent) return 'add-key';
  const usable = groups.some((group) => group.options.some((option) => option.usable));
  const pending = groups.some((group) => group.options.some((option) => option.value.startsWith('loading:')));
  if (loading || pending) return 'loading';
  // Keys were listed and nothing can answer: the way to a key, not an empty list.
  return usable ? 'none' : 'add-key';
}

/**
 * The model to answer with: a compact button with the chosen model and its provider that opens a
 * searchable list (PickerPopover, loaded after the first paint). With no vault or no usable key it
 * says so and opens the options page.
 */
export function ModelPicker({ groups, selected, loading, locked = false, disabled = false, onChange }: Props) {
  const absent = useVaultStatus().status?.state === 'absent';
  const [open, setOpen] = useState(false);
  const [, setLoaded] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const state = buttonState(groups, selected, loading, locked, absent);

  // Fetch the list's code once the page is idle, so the first open does not wait for it.
  useEffect(() => {
    const timer = setTimeout(() => void loadPopover().catch(() => undefined), 300);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (disabled) setOpen(false);
  }, [disabled]);
  useEffect(() => {
    if (open && !PickerPopover) void loadPopover().then(() => setLoaded(true), () => setOpen(false));
  }, [open]);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }, []);
  const pick = useCallback(
    (option: ModelOption) => {
      onChange(option);
      close(true);
    },
    [onChange, close],
  );

  const details = selected?.details;
  const text =
    state === 'chosen'
      ? (details?.name ?? selected?.label ?? '')
      : state === 'locked'
        ? strings.chat.picker.locked
        : state === 'add-key'
          ? strings.chat.picker.addKey
          : state === 'loading'
            ? strings.chat.picker.loading
            : strings.chat.picker.none;
  const source = state === 'chosen' ? details?.source : undefined;
  // The visible words, in order, so the name holds the label the user sees (WCAG 2.5.3).
  const name = strings.chat.picker.named(source ? `${text} ${source}` : text);

  return (
    <div className="model-picker">
      <button
        ref={button}
        type="button"
        className="model-button"
        aria-label={name}
        title={selected?.label ?? text}
        aria-haspopup={state === 'add-key' ? undefined : 'listbox'}
        aria-expanded={state === 'add-key' ? undefined : open}
        data-value={selected?.value ?? ''}
        data-state={state}
        disabled={disabled || state === 'locked' || (state === 'loading' && groups.length === 0)}
        onPointerEnter={() => void loadPopover().catch(() => undefined)}
        onClick={() => {
          if (state === 'add-key') void openOptionsPage();
          else setOpen((current) => !current);
        }}
        onKeyDown={(event) => {
          if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && state !== 'add-key') {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {state === 'locked' && <LockIcon className="icon" aria-hidden="true" />}
        {state === 'add-key' && <KeyIcon className="icon" aria-hidden="true" />}
        <span className="model-button-name truncate">{text}</span>
        {source && (
          <>
            {' '}
            <span className="model-button-source truncate">{source}</span>
          </>
        )}
        {state !== 'add-key' && <ChevronDownIcon className="icon" aria-hidden="true" />}
      </button>
      {open && PickerPopover && <PickerPopover groups={groups} selected={selected} anchor={button} onPick={pick} onClose={close} />}
    </div>
  );
}
