import { useEffect, useState } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import { send } from '@/src/messaging/client';
import { localStore } from '@/src/platform/local-store';
import type { SelectedModel } from '@/src/page/estimate';
import type { ProviderId } from '@/src/providers/definitions';

const LAST_TARGETS_KEY = 'lastTargets';

function firstTarget(value: unknown): ChatTarget | undefined {
  if (!Array.isArray(value)) return undefined;
  const [first] = value as unknown[];
  if (typeof first !== 'object' || first === null) return undefined;
  const { keyId, model } = first as { keyId?: unknown; model?: unknown };
  if ((keyId !== null && typeof keyId !== 'string') || typeof model !== 'string' || model === '') return undefined;
  return { keyId, model };
}

/**
 * The model the chat will use (its first target), for the chip's cost estimate: from the chat when
 * it says, else the last choice the chat saved (`lastTargets` in storage.local). The provider comes
 * from the key list, which only needs the vault unlocked.
 */
export function useSelectedModel(unlocked: boolean, fromChat?: readonly ChatTarget[]): SelectedModel | undefined {
  const [saved, setSaved] = useState<ChatTarget | undefined>();
  const [providers, setProviders] = useState<ReadonlyMap<string, ProviderId>>(new Map());

  useEffect(() => {
    let live = true;
    const load = () =>
      void localStore()
        .get(LAST_TARGETS_KEY)
        .then((stored) => live && setSaved(firstTarget(stored[LAST_TARGETS_KEY])))
        .catch(() => undefined);
    load();
    const unsubscribe = localStore().subscribe((changes) => {
      if (LAST_TARGETS_KEY in changes) load();
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

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

  const target = firstTarget(fromChat) ?? saved;
  if (!target) return undefined;
  if (target.keyId === null) return { provider: 'chrome-built-in', id: target.model, name: target.model };
  const provider = providers.get(target.keyId);
  return provider ? { provider, id: target.model, name: target.model } : undefined;
}
