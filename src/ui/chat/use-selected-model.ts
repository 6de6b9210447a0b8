import type { ChatTarget } from '@/src/chat/port-protocol';
import type { SelectedModel } from '@/src/page/estimate';
import { useVaultKeys } from '@/src/ui/shared/vault-state';

/**
 * The model the chat will use (the first of the targets its picker shows), for the chip's cost
 * estimate. The provider comes from the page's key list (the one the picker shows too).
 */
export function useSelectedModel(fromChat: readonly ChatTarget[] | undefined): SelectedModel | undefined {
  const { keys } = useVaultKeys();
  const target = fromChat?.[0];
  if (!target) return undefined;
  if (target.keyId === null) return { provider: 'chrome-built-in', id: target.model, name: target.model };
  const provider = keys?.find((key) => key.id === target.keyId)?.provider;
  return provider ? { provider, id: target.model, name: target.model } : undefined;
}
