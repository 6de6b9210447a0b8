import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { CheckIcon } from './icons';

/** One entry of a menu: an action, one choice of a set (a radio), or a line between groups. */
export type MenuEntry =
  | { kind: 'item'; id: string; label: string; disabled?: boolean; onSelect(): void }
  | { kind: 'radio'; id: string; label: string; checked: boolean; disabled?: boolean; onSelect(): void }
  | { kind: 'separator'; id: string };

interface Props {
  /** What the menu is: the start of the button's accessible name (then what it shows), the menu's name, the tooltip. */
  label: string;
  /** What the button shows (an icon, the current choice), read after the label: the visible words stay part of the name. */
  children: ReactNode;
  entries: readonly MenuEntry[];
  /** Extra words for the button's tooltip (the current choice), after the label. */
  detail?: string;
  /** The list opens aligned with the button's end edge (for a button near the right of a bar). */
  alignEnd?: boolean;
  /** A sentence about the menu as a whole (why its choices are fixed), read with the button. */
  description?: string;
  className?: string;
  disabled?: boolean;
}

type Focusable = Exclude<MenuEntry, { kind: 'separator' }>;

/**
 * A button that opens a menu (the WAI-ARIA menu button pattern): Enter, Space or ArrowDown open it
 * on the first item (on the checked one for a set of choices), ArrowUp on the last; in the menu the
 * arrows move with wrap-around, Home and End jump, a letter moves to the next item starting with it,
 * Enter or Space choose, Escape closes; focus goes back to the button, and a click outside or Tab
 * closes it. Disabled items stay reachable by the arrows (so they are read out) but do nothing.
 */
export function Menu({ label, children, entries, detail, alignEnd, description, className, disabled }: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();
  const descriptionId = useId();
  const focusable = entries.filter((entry): entry is Focusable => entry.kind !== 'separator');

  // Focus follows the active item while the menu is open.
  useEffect(() => {
    if (open) items.current[active]?.focus();
  }, [open, active]);

  // A pointer press outside closes the menu without taking the focus back (the user went elsewhere).
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  function openAt(index: number) {
    setActive(Math.max(0, Math.min(index, focusable.length - 1)));
    setOpen(true);
  }

  function startIndex(): number {
    const checked = focusable.findIndex((entry) => entry.kind === 'radio' && entry.checked);
    return checked >= 0 ? checked : 0;
  }

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }

  function choose(entry: Focusable) {
    if (entry.disabled) return;
    close(true);
    entry.onSelect();
  }

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openAt(startIndex());
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(focusable.length - 1);
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const count = focusable.length;
    const move = (index: number) => {
      event.preventDefault();
      setActive(((index % count) + count) % count);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(active + 1);
      case 'ArrowUp':
        return move(active - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(count - 1);
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        return close(true);
      case 'Tab':
        return close(false);
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const entry = focusable[active];
        if (entry) choose(entry);
        return;
      }
      default: {
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
        const letter = event.key.toLocaleLowerCase();
        for (let step = 1; step <= count; step += 1) {
          const index = (active + step) % count;
          if (focusable[index]?.label.toLocaleLowerCase().startsWith(letter)) return move(index);
        }
      }
    }
  }

  let index = -1;
  return (
    <div className={['menu', className ?? ''].filter(Boolean).join(' ')} ref={root}>
      <button
        ref={button}
        type="button"
        className="menu-button"
        title={detail ? `${label}: ${detail}` : label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-describedby={description ? descriptionId : undefined}
        disabled={disabled}
        onClick={() => (open ? close(false) : openAt(startIndex()))}
        onKeyDown={onButtonKeyDown}
      >
        <span className="visually-hidden">{label} </span>
        {children}
      </button>
      {description && (
        <span id={descriptionId} className="visually-hidden">
          {description}
        </span>
      )}
      {open && (
        <ul id={menuId} role="menu" aria-label={label} className={['menu-list', alignEnd ? 'menu-list-end' : ''].filter(Boolean).join(' ')} onKeyDown={onMenuKeyDown}>
          {entries.map((entry) => {
            if (entry.kind === 'separator') return <li key={entry.id} role="separator" className="menu-separator" />;
            index += 1;
            const mine = index;
            return (
              <li key={entry.id} role="none">
                <button
                  ref={(element) => {
                    items.current[mine] = element;
                  }}
                  type="button"
                  role={entry.kind === 'radio' ? 'menuitemradio' : 'menuitem'}
                  aria-checked={entry.kind === 'radio' ? entry.checked : undefined}
                  aria-disabled={entry.disabled || undefined}
                  tabIndex={mine === active ? 0 : -1}
                  onClick={() => choose(entry)}
                  onMouseEnter={() => setActive(mine)}
                >
                  {entry.kind === 'radio' && <span className="menu-check">{entry.checked && <CheckIcon className="icon" aria-hidden="true" focusable="false" />}</span>}
                  <span className="truncate">{entry.label}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
