import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import { send } from '@/src/messaging/client';
import type { FallbackChain } from '@/src/settings/schemas';
import type { KeyView } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { builtInAvailable } from './catalog-loader';
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
 * Loads what the model picker offers once the vault is unlocked: keys, fallback chains, then each
 * key's models (in parallel). Chrome's built-in model is checked regardless of the vault.
 */
export function useModelOptions(unlocked: boolean, preferred: readonly ChatTarget[] | undefined, onLocked: () => void): ModelOptionsState {
  const [keys, setKeys] = useState<KeyView[] | undefined>();
  const [chains, setChains] = useState<FallbackChain[]>([]);
  const [models, setModels] = useState<ReadonlyMap<string, KeyModels>>(new Map());
  const [builtIn, setBuiltIn] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const prices = usePrices();
  const lockedRef = useRef(onLocked);
  useEffect(() => {
    lockedRef.current = onLocked;
  });

  useEffect(() => {
    let live = true;
    void builtInAvailable().then((available) => live && setBuiltIn(available));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!unlocked) {
      setKeys(undefined);
      setModels(new Map());
      return;
    }
    let live = true;
    setError(undefined);
    void send('settings.get', {})
      .then((settings) => live && setChains(settings.fallbackChains))
      .catch(() => undefined);
    void send('keys.list', {})
      .then(({ keys: listed }) => {
        if (!live) return;
        setKeys(listed);
        for (const key of listed.filter((candidate) => !candidate.damaged)) {
          void modelsForKey(key.id, key.provider).then((state) => {
            if (live) setModels((current) => new Map(current).set(key.id, state));
          });
        }
      })
      .catch((caught: unknown) => {
        if (!live) return;
        if (caught instanceof AppError && caught.code === 'VAULT_LOCKED') lockedRef.current();
        else setError(caught instanceof AppError ? caught.message : String(caught));
      });
    return () => {
      live = false;
    };
  }, [unlocked]);

  const groups = useMemo(
    () => buildGroups({ keys: keys ?? [], models, chains, builtIn, ...(preferred ? { preferred } : {}), ...(prices ? { prices } : {}) }),
    [keys, models, chains, builtIn, preferred, prices],
  );
  const state: ModelOptionsState = {
    groups,
    keysLoaded: keys !== undefined,
    usableKeyCount: keys?.filter((key) => !key.damaged).length ?? 0,
  };
  if (error) state.error = error;
  return state;
}
