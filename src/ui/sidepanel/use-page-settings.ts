import { useCallback, useEffect, useState } from 'react';
import type { StorageItem } from '@/src/platform/storage-item';
import {
  addNeverSend,
  cleanSiteList,
  DEFAULT_TOOLBAR,
  neverSendItem,
  removeNeverSend,
  toolbarItem,
  translateLanguageItem,
  writeToolbarSettings,
  writeTranslateLanguage,
  type ToolbarSettings,
} from '@/src/page/page-settings';

/** An item's value: read now, and again whenever it changes (from any page). */
function useStorageValue<T, I = T>(item: StorageItem<T>, initial: I): T | I {
  const [value, setValue] = useState<T | I>(initial);
  useEffect(() => {
    let live = true;
    void item
      .get()
      .then((next) => live && setValue(next))
      .catch(() => undefined);
    const unsubscribe = item.watch((next) => live && setValue(next));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [item]);
  return value;
}

export interface NeverSendList {
  sites: string[];
  /** Undefined when the input names no site. */
  add(site: string): Promise<string[] | undefined>;
  remove(site: string): Promise<void>;
}

export function useNeverSend(): NeverSendList {
  const sites = useStorageValue(neverSendItem, [] as string[]);
  const add = useCallback((site: string) => addNeverSend(site), []);
  const remove = useCallback(async (site: string) => {
    await removeNeverSend(site);
  }, []);
  return { sites, add, remove };
}

export function useToolbarSettings(): [ToolbarSettings, (update: Partial<ToolbarSettings>) => Promise<ToolbarSettings>] {
  const settings = useStorageValue(toolbarItem, DEFAULT_TOOLBAR);
  const update = useCallback((next: Partial<ToolbarSettings>) => writeToolbarSettings({ ...next, ...(next.offSites ? { offSites: cleanSiteList(next.offSites) } : {}) }), []);
  return [settings, update];
}

export function useTranslateLanguage(): [string | undefined, (tag: string) => Promise<string>] {
  const language = useStorageValue(translateLanguageItem, undefined);
  return [language, writeTranslateLanguage];
}
