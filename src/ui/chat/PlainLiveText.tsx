import { useEffect, useRef } from 'react';
import type { LiveText } from './live-text';
import { frameScheduler } from './frame-scheduler';

/** A LiveText shown as plain text: new chunks are appended as text nodes, once per frame. */
export function PlainLiveText({ source, className }: { source: LiveText; className?: string }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let generation = source.generation;
    let read = 0;
    let cancel: (() => void) | undefined;
    const flush = () => {
      cancel = undefined;
      if (source.generation !== generation) {
        generation = source.generation;
        read = 0;
        element.replaceChildren();
      }
      const fresh = source.chunksFrom(read);
      read += fresh.length;
      if (fresh.length > 0) element.append(fresh.join(''));
    };
    element.replaceChildren();
    flush();
    const unsubscribe = source.subscribe(() => {
      cancel ??= frameScheduler(flush);
    });
    return () => {
      cancel?.();
      unsubscribe();
    };
  }, [source]);
  return <pre ref={ref} className={className} />;
}
