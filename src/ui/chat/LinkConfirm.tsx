import { ConfirmDialog } from '@/src/ui/shared/ConfirmDialog';
import { strings } from '@/src/ui/strings';
import { destinationLabel, splitAtDestination } from './markdown/links';

interface Props {
  url: URL;
  onOpen(): void;
  onCancel(): void;
}

/**
 * Asks before opening a link from an answer whose address carries a query string or a fragment:
 * shows the whole address, its host marked, and says who wrote it and what it may carry.
 */
export function LinkConfirm({ url, onOpen, onCancel }: Props) {
  const { before, destination, after } = splitAtDestination(url);
  const text = strings.chat.links;
  return (
    <ConfirmDialog title={text.confirmTitle} confirmLabel={text.open} onConfirm={onOpen} onCancel={onCancel}>
      <p className="link-confirm-label">{text.confirmAddress}</p>
      <p className="link-confirm-url" data-testid="link-confirm-url">
        {before}
        <mark className="link-confirm-host">{destination}</mark>
        {after}
      </p>
      <p className="warning">{text.confirmWarning(destinationLabel(url))}</p>
    </ConfirmDialog>
  );
}
