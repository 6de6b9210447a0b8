import { useCallback, useEffect, useRef, useState } from 'react';
import { openOptionsPage } from '@/src/platform/tabs';
import { ChevronDownIcon, KeyIcon, LockIcon } from '@/src/ui/shared/icons';
import { keysUsable, useVaultStatus } from '@/src/ui/shared/vault-state';
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
  /** The model chosen last used a session-only key that is gone: said on the button, which leads to a new key. */
  sessionKeyGone?: boolean;
  disabled?: boolean;
  onChange(option: ModelOption): void;
}

type ButtonState = 'chosen' | 'locked' | 'session-gone' | 'add-key' | 'loading' | 'none';

function buttonState(groups: readonly ModelGroup[], selected: ModelOption | undefined, loading: boolean, locked: boolean, absent: boolean, sessionKeyGone: boolean): ButtonState {
  if (selected) return 'chosen';
  if (locked) return 'locked';
  if (sessionKeyGone) return 'session-gone';
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
export function ModelPicker({ groups, selected, loading, locked = false, sessionKeyGone = false, disabled = false, onChange }: Props) {
  const vault = useVaultStatus().status;
  const absent = vault?.state === 'absent' && !keysUsable(vault);
  const [open, setOpen] = useState(false);
  const [, setLoaded] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const state = buttonState(groups, selected, loading, locked, absent, sessionKeyGone);
  // Both lead to the options page, where a key is added.
  const toKeys = state === 'add-key' || state === 'session-gone';

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
        : state === 'session-gone'
          ? strings.chat.picker.sessionKeyGone
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
        aria-haspopup={toKeys ? undefined : 'listbox'}
        aria-expanded={toKeys ? undefined : open}
        data-value={selected?.value ?? ''}
        data-state={state}
        disabled={disabled || state === 'locked' || (state === 'loading' && groups.length === 0)}
        onPointerEnter={() => void loadPopover().catch(() => undefined)}
        onClick={() => {
          if (toKeys) void openOptionsPage();
          else setOpen((current) => !current);
        }}
        onKeyDown={(event) => {
          if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !toKeys) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {state === 'locked' && <LockIcon className="icon" aria-hidden="true" />}
        {toKeys && <KeyIcon className="icon" aria-hidden="true" />}
        <span className="model-button-name truncate">{text}</span>
        {source && (
          <>
            {' '}
            <span className="model-button-source truncate">{source}</span>
          </>
        )}
        {!toKeys && <ChevronDownIcon className="icon" aria-hidden="true" />}
      </button>
      {open && PickerPopover && <PickerPopover groups={groups} selected={selected} anchor={button} onPick={pick} onClose={close} />}
    </div>
  );
}
