import { useEffect, useMemo, useState } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import type { FallbackChain } from '@/src/settings/schemas';
import { keysUsable, useVaultCall, useVaultKeys, useVaultStatus } from '@/src/ui/shared/vault-state';
import { builtInAvailable, downloadedLocalModels } from './catalog-loader';
import { buildGroups, type KeyModels, type ModelGroup } from './model-options';
import { modelsForKey } from './model-source';
import { usePrices } from './prices';

export interface ModelOptionsState {
  groups: ModelGroup[];
  /** Keys were listed (whether or not any is usable). */
  keysLoaded: boolean;
  /** Keys that are not damaged. */
  usableKeyCount: number;
  error?: string;
}

/**
 * Loads what the model picker offers once the vault is unlocked: the page's key list (one owner,
 * vault-state.tsx), fallback chains, then each key's models (in parallel). Chrome's built-in model
 * is checked regardless of the vault.
 */
export function useModelOptions(preferred: readonly ChatTarget[] | undefined): ModelOptionsState {
  const unlocked = keysUsable(useVaultStatus().status);
  const { keys, error } = useVaultKeys();
  const call = useVaultCall();
  const [chains, setChains] = useState<FallbackChain[]>([]);
  const [models, setModels] = useState<ReadonlyMap<string, KeyModels>>(new Map());
  const [builtIn, setBuiltIn] = useState(false);
  const [inBrowser, setInBrowser] = useState<readonly { id: string; name: string }[]>([]);
  const prices = usePrices();

  useEffect(() => {
    let live = true;
    void builtInAvailable().then((available) => live && setBuiltIn(available));
    void downloadedLocalModels().then((ids) => live && setInBrowser(ids));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!unlocked) return undefined;
    let live = true;
    void call('settings.get', {})
      .then((settings) => live && setChains(settings.fallbackChains))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [unlocked, call]);

  useEffect(() => {
    setModels(new Map());
    if (!keys) return undefined;
    let live = true;
    for (const key of keys.filter((candidate) => !candidate.damaged)) {
      void modelsForKey(key.id, key.provider).then((state) => {
        if (live) setModels((current) => new Map(current).set(key.id, state));
      });
    }
    return () => {
      live = false;
    };
  }, [keys]);

  const groups = useMemo(
    () => buildGroups({ keys: keys ?? [], models, chains, builtIn, inBrowser, ...(preferred ? { preferred } : {}), ...(prices ? { prices } : {}) }),
    [keys, models, chains, builtIn, inBrowser, preferred, prices],
  );
  const state: ModelOptionsState = {
    groups,
    keysLoaded: keys !== undefined,
    usableKeyCount: keys?.filter((key) => !key.damaged).length ?? 0,
  };
  if (error) state.error = error;
  return state;
}
