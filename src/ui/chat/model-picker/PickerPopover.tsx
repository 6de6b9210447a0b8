import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import { SearchIcon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';
import { readRecentTargets } from '../last-targets';
import type { ModelGroup, ModelOption } from '../model-options';
import { useFavourites } from './favourites';
import { OptionRow } from './OptionRow';
import { buildRows, type Row } from './rows';

/** Fixed heights (model-picker.css keeps them), so nothing is measured while scrolling. */
export const HEADING_HEIGHT = 26;
export const OPTION_HEIGHT = 48;
/** Rows PageUp / PageDown move by. */
const PAGE = 8;

export interface PopoverProps {
  groups: readonly ModelGroup[];
  selected: ModelOption | undefined;
  /** The button it opens from: placed under it (or above, where there is no room), focus goes back to it. */
  anchor: RefObject<HTMLButtonElement | null>;
  onPick(option: ModelOption): void;
  onClose(returnFocus: boolean): void;
}

interface Place {
  top: number;
  left: number;
  width: number;
  height: number;
}

function placeUnder(anchor: HTMLElement): Place {
  const rect = anchor.getBoundingClientRect();
  const viewWidth = document.documentElement.clientWidth || window.innerWidth;
  const viewHeight = document.documentElement.clientHeight || window.innerHeight;
  const width = Math.min(440, viewWidth - 16);
  const left = Math.max(8, Math.min(rect.left, viewWidth - width - 8));
  const below = viewHeight - rect.bottom - 12;
  const above = rect.top - 12;
  const height = Math.max(160, Math.min(460, Math.max(below, above)));
  const top = below >= Math.min(height, 300) || below >= above ? rect.bottom + 4 : Math.max(8, rect.top - 4 - height);
  return { top, left, width, height: Math.min(height, below >= above ? below : above) };
}

/**
 * The searchable list of the model picker, an ARIA 1.2 combobox: focus stays in the search box,
 * the active option is named by aria-activedescendant, and only the rows in view are in the DOM
 * (hundreds of models open in one frame). Loaded on demand, after the popup's first paint.
 */
export default function PickerPopover({ groups, selected, anchor, onPick, onClose }: PopoverProps) {
  const listId = useId();
  const [query, setQuery] = useState('');
  const [recent, setRecent] = useState<ChatTarget[][]>([]);
  const favourites = useFavourites();
  const [place, setPlace] = useState<Place | undefined>();
  const scroller = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const popover = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    void readRecentTargets().then((targets) => live && setRecent(targets));
    return () => {
      live = false;
    };
  }, []);

  useLayoutEffect(() => {
    if (anchor.current) setPlace(placeUnder(anchor.current));
    input.current?.focus();
  }, [anchor]);

  const rows = useMemo(() => buildRows({ groups, favourites: favourites.values, recent, query }), [groups, favourites.values, recent, query]);
  /** Row indexes of the options, in order: what the arrows move through. */
  const optionIndexes = useMemo(() => rows.flatMap((row, index) => (row.kind === 'option' ? [index] : [])), [rows]);

  const [active, setActive] = useState(-1);
  // A new list (typed, starred, loaded): the current model when shown and nothing searched, else the first usable option.
  useEffect(() => {
    const current = query === '' ? rows.findIndex((row) => row.kind === 'option' && row.option.value === selected?.value) : -1;
    const firstUsable = rows.findIndex((row) => row.kind === 'option' && row.option.usable);
    setActive(current >= 0 ? current : firstUsable >= 0 ? firstUsable : (optionIndexes[0] ?? -1));
    // Only a new list moves the active row; a new selection closes the popover anyway.
  }, [rows]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.kind === 'heading' ? HEADING_HEIGHT : OPTION_HEIGHT),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
    // Before layout (and where nothing is laid out, as in tests): a popup-sized list.
    initialRect: { width: 400, height: 400 },
  });

  const moveTo = useCallback(
    (index: number) => {
      setActive(index);
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [virtualizer],
  );

  // A press outside (or focus leaving) closes it, leaving the focus where the user put it.
  useEffect(() => {
    const outside = (event: Event) => {
      const target = event.target as Node | null;
      if (target && !popover.current?.contains(target) && !anchor.current?.contains(target)) onClose(false);
    };
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('focusin', outside, true);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('focusin', outside, true);
    };
  }, [anchor, onClose]);

  const pick = useCallback(
    (option: ModelOption) => {
      if (option.usable && option.targets.length > 0) onPick(option);
    },
    [onPick],
  );

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const position = optionIndexes.indexOf(active);
    const last = optionIndexes.length - 1;
    const go = (to: number) => {
      event.preventDefault();
      const index = optionIndexes[Math.max(0, Math.min(last, to))];
      if (index !== undefined) moveTo(index);
    };
    const row = rows[active];
    if (event.key === 'ArrowDown') go(position < 0 ? 0 : Math.min(last, position + 1));
    else if (event.key === 'ArrowUp') go(position < 0 ? last : Math.max(0, position - 1));
    else if (event.key === 'PageDown') go(position + PAGE);
    else if (event.key === 'PageUp') go(position - PAGE);
    // Home and End move in the list only while there is nothing typed to move the caret in.
    else if (event.key === 'Home' && (query === '' || event.ctrlKey)) go(0);
    else if (event.key === 'End' && (query === '' || event.ctrlKey)) go(last);
    else if (event.key === 'Enter') {
      event.preventDefault();
      if (row?.kind === 'option') pick(row.option);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    } else if (event.key === 'Tab') onClose(false);
    else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (row?.kind === 'option' && row.option.details) favourites.toggle(row.option.value);
    }
  }

  const activeRow = rows[active];
  const activeId = activeRow?.kind === 'option' ? `${listId}-${active}` : undefined;
  const style = place ? { top: place.top, left: place.left, width: place.width, maxHeight: place.height } : undefined;

  return (
    <div ref={popover} className="model-popover" style={style}>
      <div className="model-search">
        <SearchIcon className="icon" aria-hidden="true" />
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label={strings.chat.picker.search}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-describedby={`${listId}-hint`}
          placeholder={strings.chat.picker.searchPlaceholder}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <div ref={scroller} className="model-scroll">
        <ul id={listId} role="listbox" aria-label={strings.chat.picker.list} className="model-list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as Row;
            const position = { transform: `translateY(${item.start}px)` };
            if (row.kind === 'heading') {
              return (
                <li key={item.key} role="presentation" className="model-heading truncate" style={position}>
                  {row.label}
                </li>
              );
            }
            return (
              <OptionRow
                key={item.key}
                id={`${listId}-${item.index}`}
                style={position}
                option={row.option}
                active={item.index === active}
                current={row.option.value === selected?.value}
                favourite={row.favourite}
                onPick={pick}
                onHover={() => setActive(item.index)}
                onStar={(option) => favourites.toggle(option.value)}
              />
            );
          })}
        </ul>
        {rows.length === 0 && <p className="model-empty muted">{strings.chat.picker.noMatch(query)}</p>}
      </div>
      <p id={`${listId}-hint`} className="model-hint muted">
        {strings.chat.picker.hint}
      </p>
    </div>
  );
}
