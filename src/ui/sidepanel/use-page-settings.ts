import { useCallback, useEffect, useState } from 'react';
import { localStore } from '@/src/platform/local-store';
import {
  addNeverSend,
  cleanSiteList,
  DEFAULT_TOOLBAR,
  readNeverSend,
  readToolbarSettings,
  readTranslateLanguage,
  removeNeverSend,
  writeToolbarSettings,
  writeTranslateLanguage,
  type ToolbarSettings,
} from '@/src/page/page-settings';
import { NEVER_SEND_KEY, TOOLBAR_KEY, TRANSLATE_LANGUAGE_KEY } from '@/src/page/storage-keys';

/** Calls `reload` now and whenever one of the local-store keys changes (from any page). */
function useStorageValue<T>(keys: readonly string[], read: () => Promise<T>, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    let live = true;
    const load = () =>
      void read()
        .then((next) => live && setValue(next))
        .catch(() => undefined);
    load();
    const unsubscribe = localStore().subscribe((changes) => {
      if (keys.some((key) => key in changes)) load();
    });
    return () => {
      live = false;
      unsubscribe();
    };
    // The keys and the reader are fixed per call site.
  }, []);
  return value;
}

const NEVER_SEND_KEYS = [NEVER_SEND_KEY];
const TOOLBAR_KEYS = [TOOLBAR_KEY];
const LANGUAGE_KEYS = [TRANSLATE_LANGUAGE_KEY];

export interface NeverSendList {
  sites: string[];
  /** Undefined when the input names no site. */
  add(site: string): Promise<string[] | undefined>;
  remove(site: string): Promise<void>;
}

export function useNeverSend(): NeverSendList {
  const sites = useStorageValue(NEVER_SEND_KEYS, readNeverSend, [] as string[]);
  const add = useCallback((site: string) => addNeverSend(site), []);
  const remove = useCallback(async (site: string) => {
    await removeNeverSend(site);
  }, []);
  return { sites, add, remove };
}

export function useToolbarSettings(): [ToolbarSettings, (update: Partial<ToolbarSettings>) => Promise<ToolbarSettings>] {
  const settings = useStorageValue(TOOLBAR_KEYS, readToolbarSettings, DEFAULT_TOOLBAR);
  const update = useCallback((next: Partial<ToolbarSettings>) => writeToolbarSettings({ ...next, ...(next.offSites ? { offSites: cleanSiteList(next.offSites) } : {}) }), []);
  return [settings, update];
}

export function useTranslateLanguage(): [string | undefined, (tag: string) => Promise<string>] {
  const language = useStorageValue<string | undefined>(LANGUAGE_KEYS, readTranslateLanguage, undefined);
  return [language, writeTranslateLanguage];
}
