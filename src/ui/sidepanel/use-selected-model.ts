import { useEffect, useState } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import { send } from '@/src/messaging/client';
import type { SelectedModel } from '@/src/page/estimate';
import type { ProviderId } from '@/src/providers/definitions';

/**
 * The model the chat will use (the first of the targets its picker shows), for the chip's cost
 * estimate. The provider comes from the key list, which only needs the vault unlocked.
 */
export function useSelectedModel(unlocked: boolean, fromChat: readonly ChatTarget[] | undefined): SelectedModel | undefined {
  const [providers, setProviders] = useState<ReadonlyMap<string, ProviderId>>(new Map());

  useEffect(() => {
    if (!unlocked) return undefined;
    let live = true;
    void send('keys.list', {})
      .then(({ keys }) => live && setProviders(new Map(keys.map((key) => [key.id, key.provider]))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [unlocked]);

  const target = fromChat?.[0];
  if (!target) return undefined;
  if (target.keyId === null) return { provider: 'chrome-built-in', id: target.model, name: target.model };
  const provider = providers.get(target.keyId);
  return provider ? { provider, id: target.model, name: target.model } : undefined;
}
