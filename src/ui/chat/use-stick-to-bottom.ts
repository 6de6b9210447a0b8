import { useEffect, type RefObject } from 'react';
import { frameScheduler } from './frame-scheduler';

const NEAR_BOTTOM_PX = 48;

/**
 * Keeps a scrolling list at its end while content grows, unless the user scrolled up to read or
 * is typing in the list (editing a question): then the list stays where the user is.
 */
export function useStickToBottom(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof MutationObserver === 'undefined') return;
    let pinned = true;
    let cancel: (() => void) | undefined;
    const onScroll = () => {
      pinned = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    };
    const observer = new MutationObserver(() => {
      if (!pinned) return;
      cancel ??= frameScheduler(() => {
        cancel = undefined;
        element.scrollTop = element.scrollHeight;
      });
    });
    const onFocusIn = (event: FocusEvent) => {
      if (!(event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement)) return;
      pinned = false;
      cancel?.();
      cancel = undefined;
    };
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    element.addEventListener('scroll', onScroll, { passive: true });
    element.addEventListener('focusin', onFocusIn);
    element.scrollTop = element.scrollHeight;
    return () => {
      cancel?.();
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
      element.removeEventListener('focusin', onFocusIn);
    };
  }, [ref]);
}
