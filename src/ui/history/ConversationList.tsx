import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { strings } from '@/src/ui/strings';
import { ConversationRow, type RowActions } from './ConversationRow';
import type { PagedConversations } from './use-paged-conversations';

/** Every row has this height (CSS keeps it), so positions never need measuring. */
export const ROW_HEIGHT = 92;

interface Props extends RowActions {
  paged: PagedConversations;
  now: number;
}

/**
 * The whole history, virtualised: only the rows in view (and a few around them) are in the
 * DOM, and only their pages are read from the store.
 */
export function ConversationList({ paged, now, ...actions }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = paged.count ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // Before layout (and where nothing is laid out, as in tests): a popup-sized view.
    initialRect: { width: 380, height: 460 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const { ensure } = paged;

  useEffect(() => {
    ensure(first, last);
  }, [ensure, first, last]);

  return (
    <div ref={scroller} className="history-scroll">
      <ul className="history-list" aria-label={strings.history.listLabel} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const conversation = paged.at(item.index);
          return (
            <li
              key={conversation?.id ?? `pending-${item.index}`}
              className="history-item"
              aria-setsize={count}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              {conversation ? (
                <ConversationRow conversation={conversation} now={now} {...actions} />
              ) : (
                <p className="history-row muted">{paged.loaded(item.index) ? strings.history.unreadableRow : strings.history.loadingRow}</p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
