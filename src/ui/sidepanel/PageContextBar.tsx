import type { SelectedModel } from '@/src/page/estimate';
import { strings } from '@/src/ui/strings';
import { ContextChip } from './ContextChip';
import { siteOf, type TabInfo } from '@/src/page/tab-reader';
import type { PageContextState } from './use-page-context';

const text = strings.pageContext;

interface Props {
  tab: TabInfo | undefined;
  context: PageContextState;
  model: SelectedModel | undefined;
  /** "Never send this site" on the chip. */
  onNeverSend(url: string): void;
  /** A one-click action offered for the attached selection (from the toolbar: never run by itself). */
  offer?: { label: string; run(): void } | undefined;
  /** A note about the last selection action. */
  notice?: string | undefined;
}

/** "Use this page", the tab it reads, and the attached context chip: shown above the composer. */
export function PageContextBar({ tab, context, model, onNeverSend, offer, notice }: Props) {
  const { chip, status, staleness } = context;
  const reading = status.kind === 'reading';
  const tabName = tab ? tab.title || siteOf(tab.url) : undefined;
  return (
    <div className="page-context" data-testid="page-context">
      <div className="page-target">
        <button type="button" title={text.usePageHint} disabled={!tab || reading} onClick={() => void context.readPage()}>
          {text.usePage}
        </button>
        <span className="muted page-target-name" data-testid="page-target">
          {tabName ? text.target(tabName) : tab ? text.targetHidden : text.noTarget}
        </span>
      </div>
      {reading && (
        <p role="status" className="muted">
          {text.reading}
        </p>
      )}
      {status.kind === 'needs-access' && (
        <div className="page-access" role="alert">
          <p>{text.needsAccess(status.site)}</p>
          <button type="button" className="primary" onClick={() => void context.allowAndRead()}>
            {text.allowSite(status.site)}
          </button>
        </div>
      )}
      {status.kind === 'error' && (
        <p role="alert" className="error" data-testid="page-error">
          {status.message}
        </p>
      )}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      {chip && (
        <ContextChip
          key={chip.id}
          chip={chip}
          model={model}
          staleness={staleness}
          onRemove={context.remove}
          onNeverSend={() => onNeverSend(chip.url)}
        />
      )}
      {chip && offer && (
        <button type="button" className="primary" onClick={offer.run}>
          {offer.label}
        </button>
      )}
    </div>
  );
}
