import { useEffect, useState } from 'react';
import { currentTab, describeTab, isOwnTab, type TabInfo } from '@/src/page/tab-reader';
import { currentWindowId, getTab, watchTabs, type TabSnapshot } from '@/src/platform/tabs';

/** The window this panel belongs to (the side panel's window, or the tab's when opened as a tab). */
export function usePanelWindow(): number | undefined {
  const [windowId, setWindowId] = useState<number | undefined>();
  useEffect(() => {
    let live = true;
    void currentWindowId().then((id) => live && setWindowId(id));
    return () => {
      live = false;
    };
  }, []);
  return windowId;
}

const KEEP = Symbol('keep');

/**
 * The tab "Use this page" reads: the window's active tab, followed as the user switches tabs or
 * the tab navigates. Activating one of our own pages (the panel opened as a tab) keeps the
 * previous tab.
 */
export function useActiveTab(windowId: number | undefined): TabInfo | undefined {
  const [tab, setTab] = useState<TabInfo | undefined>();
  useEffect(() => {
    if (windowId === undefined) return undefined;
    let live = true;
    let sequence = 0;
    let currentId: number | undefined;
    const refresh = async (load: () => Promise<TabInfo | undefined | typeof KEEP>) => {
      const mine = ++sequence;
      const next = await load().catch((): typeof KEEP => KEEP);
      if (!live || mine !== sequence || next === KEEP) return;
      currentId = next?.tabId;
      setTab(next);
      // Right after a load the content script may not answer yet: ask once more.
      if (next && next.url === undefined) {
        setTimeout(() => {
          if (live && mine === sequence) void refresh(async () => (await getTab(next.tabId).then(describeTab)) ?? KEEP);
        }, 700);
      }
    };
    void refresh(() => currentTab(windowId));

    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (info.windowId !== windowId) return;
      void refresh(async () => {
        const activated = await getTab(info.tabId);
        return isOwnTab(activated) ? KEEP : describeTab(activated);
      });
    };
    const onUpdated = (tabId: number, change: { status?: string; url?: string; title?: string }, updated: TabSnapshot) => {
      if (tabId !== currentId) return;
      if (change.status === 'complete' || change.url !== undefined || change.title !== undefined) void refresh(() => describeTab(updated).then((info) => info ?? KEEP));
    };
    const onRemoved = (tabId: number) => {
      if (tabId === currentId) void refresh(() => currentTab(windowId));
    };
    const unwatch = watchTabs({ onActivated, onUpdated, onRemoved });
    return () => {
      live = false;
      unwatch();
    };
  }, [windowId]);
  return tab;
}
