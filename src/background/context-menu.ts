import { browser, type Browser } from '@/src/platform/browser';
import { watchItems } from '@/src/platform/storage-item';
import { openSidePanel } from '@/src/platform/side-panel';
import { languageName, readTranslateLanguage, translateLanguageItem } from '@/src/page/page-settings';
import type { SelectionAction } from '@/src/page/actions';
import { menuPrompts, promptLibrary } from '@/src/page/prompt-library';
import { t } from '@/src/shared/i18n/text';
import { queueSelectionAction } from './selection-actions';

/**
 * The context menu: "Open Keyward side panel" on pages and on the toolbar button, and selection
 * actions (Explain, Summarize, Translate, Ask about this, the user's own prompts) on selected text.
 * A click opens the panel first, synchronously, while the browser still counts the click as a user
 * gesture; then the action is queued for the panel with the text the browser reports as selected.
 */
export const OPEN_PANEL_ITEM = 'keyward-open-panel';
/** The keyboard command of wxt.config.ts that opens the panel in Chrome (Firefox uses `_execute_sidebar_action`). */
export const OPEN_PANEL_COMMAND = 'open-side-panel';
const SELECTION_PARENT = 'keyward-selection';
const ACTION_PREFIX = 'keyward-action:';
const PROMPT_PREFIX = 'keyward-prompt:';

function actionContext(): 'action' | 'browser_action' {
  return browser.runtime.getManifest().manifest_version === 2 ? 'browser_action' : 'action';
}

function create(properties: Browser.contextMenus.CreateProperties): Promise<void> {
  return new Promise((resolve) => {
    browser.contextMenus.create(properties, () => {
      // Read lastError so the browser does not log it; a duplicate id after a race is harmless.
      void browser.runtime.lastError;
      resolve();
    });
  });
}

let building: Promise<void> = Promise.resolve();

/** Rebuilds every item (the language and the prompt library change the menu). Calls are serialized. */
export function rebuildMenus(): Promise<void> {
  building = building.then(buildMenus, buildMenus);
  return building;
}

async function buildMenus(): Promise<void> {
  const [language, library] = await Promise.all([readTranslateLanguage(), promptLibrary.get()]);
  // The prompts saved in the library (the chat's built-in defaults appear once the user saves it).
  const prompts = menuPrompts(library ?? []);
  await browser.contextMenus.removeAll();
  await create({ id: OPEN_PANEL_ITEM, title: t('menu_openPanel'), contexts: ['page', actionContext()] as Browser.contextMenus.CreateProperties['contexts'] });
  await create({ id: SELECTION_PARENT, title: t('menu_parent'), contexts: ['selection'] });
  const actions: [SelectionAction, string][] = [
    ['explain', t('menu_explain')],
    ['summarize', t('menu_summarize')],
    ['translate', t('menu_translate', languageName(language))],
    ['ask', t('menu_ask')],
  ];
  for (const [action, title] of actions) {
    await create({ id: `${ACTION_PREFIX}${action}`, parentId: SELECTION_PARENT, title, contexts: ['selection'] });
  }
  if (prompts.length > 0) {
    await create({ id: 'keyward-separator', parentId: SELECTION_PARENT, type: 'separator', contexts: ['selection'] });
    for (const prompt of prompts) {
      await create({ id: `${PROMPT_PREFIX}${prompt.id}`, parentId: SELECTION_PARENT, title: prompt.name.replace(/&/g, '&&'), contexts: ['selection'] });
    }
  }
}

/** The action a menu item stands for, or undefined for items that are not selection actions. */
export function actionOfItem(itemId: string): { action: SelectionAction; promptId?: string } | undefined {
  if (itemId.startsWith(PROMPT_PREFIX)) {
    const promptId = itemId.slice(PROMPT_PREFIX.length);
    return promptId === '' ? undefined : { action: 'prompt', promptId };
  }
  if (!itemId.startsWith(ACTION_PREFIX)) return undefined;
  const action = itemId.slice(ACTION_PREFIX.length);
  return action === 'explain' || action === 'summarize' || action === 'translate' || action === 'ask' ? { action } : undefined;
}

export function onMenuClicked(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab): void {
  const itemId = String(info.menuItemId);
  const selected = actionOfItem(itemId);
  if (itemId !== OPEN_PANEL_ITEM && !selected) return;
  const windowId = tab?.windowId;
  if (windowId === undefined || windowId < 0) return;
  // Synchronously, before any await: the browser allows opening the panel only during the gesture.
  openSidePanel({ windowId }).catch((error: unknown) => console.warn('Keyward: the side panel did not open.', error));
  if (!selected) return;
  // The text comes from the browser's own report of the selection, not from the page.
  const selection = info.selectionText ?? '';
  const pageUrl = info.pageUrl ?? tab?.url ?? '';
  void queueSelectionAction({
    ...selected,
    text: selection,
    title: tab?.title ?? '',
    url: pageUrl,
    alsoFrom: info.frameUrl ? [info.frameUrl] : [],
    source: 'menu',
    windowId,
    ...(tab?.id === undefined || tab.id < 0 ? {} : { tabId: tab.id }),
  }).catch((error: unknown) => console.warn('Keyward: the selection action could not be queued.', error));
}

export function onCommand(command: string, tab?: Browser.tabs.Tab): void {
  if (command !== OPEN_PANEL_COMMAND || tab?.windowId === undefined) return;
  openSidePanel({ windowId: tab.windowId }).catch((error: unknown) => console.warn('Keyward: the side panel did not open.', error));
}

function rebuildLogged(): void {
  rebuildMenus().catch((error: unknown) => console.warn('Keyward: the context menu could not be built.', error));
}

/**
 * Registers the page tools' listeners (synchronously, at the worker's start: the event that woke
 * the worker is delivered only to listeners added in its first turn). Chrome keeps the menu items
 * of an extension across worker restarts and browser restarts, so the menu is built at install,
 * update and browser start, and when its settings change, not on every wake (where it would delay
 * the message that woke the worker). Firefox's (Manifest V2) event page builds it at every start.
 */
export function startContextMenus(): void {
  browser.contextMenus.onClicked.addListener(onMenuClicked);
  browser.commands.onCommand.addListener(onCommand);
  watchItems([promptLibrary, translateLanguageItem], rebuildLogged);
  browser.runtime.onInstalled.addListener(rebuildLogged);
  browser.runtime.onStartup.addListener(rebuildLogged);
  if (browser.runtime.getManifest().manifest_version === 2) rebuildLogged();
}
