import type { KeyView } from '@/src/vault/schemas';
import { PROVIDERS } from '@/src/providers/definitions';
import { ConfirmDialog } from '@/src/ui/shared/ConfirmDialog';
import { keyLabel } from './key-label';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Asks before deleting, naming the key; keys.delete is sent only from the dialog's confirm button. */
export function DeleteKeyDialog({ view, onDeleted, onCancel }: { view: KeyView; onDeleted: (id: string) => void; onCancel: () => void }) {
  const call = useVaultCall();
  const { busy, error, run } = useAsyncAction();

  async function confirm() {
    const deleted = await run(() => call('keys.delete', { id: view.id }));
    if (deleted) onDeleted(deleted.id);
  }

  return (
    <ConfirmDialog
      title={optionsStrings.keys.deleteTitle}
      confirmLabel={optionsStrings.keys.deleteConfirm}
      busyLabel={optionsStrings.keys.deleting}
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onCancel={onCancel}
    >
      <p>{optionsStrings.keys.deleteBody(keyLabel(view), PROVIDERS[view.provider].name)}</p>
    </ConfirmDialog>
  );
}
