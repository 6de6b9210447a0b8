/**
 * The selection toolbar's content script, registered only while the user has the toolbar on
 * (src/page/toolbar-script.ts). It stays tiny (no framework, no polyfill, no schema library) and
 * changes nothing on the page until the user selects text. It reads no storage: it asks the
 * worker one question, whether the toolbar may show on this page (`page.toolbarState`, answered
 * from the URL the browser reports), and asks again when told the settings changed. It also
 * answers this extension when asked for the page's title and URL or the current selection.
 * A web page cannot reach `runtime.onMessage`, and anything not from this extension, or not shaped
 * exactly like our requests, is ignored. It never listens to `window.postMessage`.
 */
import { createSelectionToolbar, type SelectionToolbar, type ToolbarAction, type ToolbarText } from './selection-toolbar';

interface MessageSenderLike {
  id?: string;
}

export interface RuntimeLike {
  id: string;
  onMessage: {
    addListener(listener: (message: unknown, sender: MessageSenderLike, sendResponse: (response: unknown) => void) => boolean | undefined): void;
  };
  sendMessage?(message: unknown): Promise<unknown>;
}

/** The browser's message lookup (public/_locales), as the content script sees it. */
export interface I18nLike {
  getMessage(name: string): string;
}

type BridgeRequest = 'page.selection' | 'page.info';

export function bridgeRequestOf(message: unknown): BridgeRequest | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const keys = Object.keys(message);
  const record = message as Record<string, unknown>;
  if (keys.length !== 2 || record.channel !== 'keyward-page') return undefined;
  return record.type === 'page.selection' || record.type === 'page.info' ? record.type : undefined;
}

export function isSelectionRequest(message: unknown): boolean {
  return bridgeRequestOf(message) === 'page.selection';
}

/** The worker's answer to `page.toolbarState`: true only for exactly `{ ok: true, data: { show: true } }`. */
export function showFromReply(reply: unknown): boolean {
  const { ok, data } = (reply ?? {}) as { ok?: unknown; data?: { show?: unknown } };
  return ok === true && data?.show === true;
}

export function isToolbarChanged(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const record = message as Record<string, unknown>;
  return Object.keys(record).length === 2 && record.channel === 'keyward-page' && record.type === 'page.toolbarChanged';
}

function startToolbar(runtime: RuntimeLike, i18n: I18nLike | undefined): () => void {
  const send = runtime.sendMessage;
  if (!send) return () => undefined;
  let toolbar: SelectionToolbar | undefined;
  const text = (key: ToolbarText) => i18n?.getMessage(key) ?? '';
  const request = async (action: ToolbarAction, text: string) => {
    const payload = { action, text, title: document.title.slice(0, 500), url: location.href.slice(0, 4096) };
    const reply = (await send.call(runtime, { channel: 'keyward', type: 'page.openPanel', payload })) as { ok?: boolean; data?: { opened?: boolean } } | undefined;
    return reply?.ok === true && reply.data?.opened === true;
  };
  const apply = (show: boolean) => {
    if (show && !toolbar) toolbar = createSelectionToolbar({ doc: document, text, request });
    if (!show && toolbar) {
      toolbar.destroy();
      toolbar = undefined;
    }
  };
  const ask = () =>
    void send.call(runtime, { channel: 'keyward', type: 'page.toolbarState', payload: {} }).then(
      (reply) => apply(showFromReply(reply)),
      () => apply(false),
    );
  ask();
  return ask;
}

export function startPageBridge(runtime: RuntimeLike, i18n?: I18nLike): void {
  const askAgain = startToolbar(runtime, i18n);
  runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id === runtime.id && isToolbarChanged(message)) {
      askAgain();
      return undefined;
    }
    const request = bridgeRequestOf(message);
    if (sender.id !== runtime.id || request === undefined) return undefined;
    const info = { title: document.title, url: location.href };
    sendResponse(request === 'page.info' ? info : { text: String(window.getSelection() ?? ''), ...info });
    return false;
  });
}
