import { lazy, Suspense, type ComponentProps } from 'react';
import { strings } from '@/src/ui/strings';

/**
 * The history view, loaded when first opened: the list, search and its virtual scroller stay out
 * of the scripts the popup and the side panel parse before their composer is usable.
 */
const HistoryView = lazy(() => import('./HistoryView').then((module) => ({ default: module.HistoryView })));

export function LazyHistoryView(props: ComponentProps<typeof HistoryView>) {
  return (
    <Suspense fallback={<p role="status">{strings.history.loadingRow}</p>}>
      <HistoryView {...props} />
    </Suspense>
  );
}
