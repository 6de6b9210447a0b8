import { openOptionsPage } from '@/src/platform/tabs';
import { strings } from '@/src/ui/strings';

/** For a new user (no vault) or a vault with no usable key: the way to the options page. */
export function EmptyState({ reason }: { reason: 'absent' | 'no-keys' }) {
  return (
    <section className="empty-state" aria-label={strings.chat.vault.addKey}>
      <p>{reason === 'absent' ? strings.chat.vault.absent : strings.chat.vault.noKeys}</p>
      <button type="button" className="primary" onClick={() => void openOptionsPage()}>
        {strings.chat.vault.addKey}
      </button>
    </section>
  );
}
