/**
 * The optional floating toolbar next to selected text (off unless the user turns it on in the side
 * panel). Part of the always-on content script, so: no framework, no imports beyond types.
 *
 * - It reacts only to trusted user events (`event.isTrusted`): a page cannot show it or press its
 *   buttons with synthetic events or `element.click()`.
 * - It lives in a CLOSED shadow root created in the content script's isolated world, so the page
 *   cannot reach its buttons (`host.shadowRoot` is null), and a page that replaced
 *   `Element.prototype.attachShadow` in its own world never sees our call.
 * - Until the user selects text it adds nothing to the page; hidden, it is removed again.
 * - Its buttons never send anything: they only ask the background to open the side panel with the
 *   selection attached, where the user decides whether to send it.
 * - Its words come from the extension's messages (`text`, the browser's i18n lookup), like every
 *   other text of the extension.
 */

export type ToolbarAction = 'ask' | 'explain' | 'summarize';

/** The toolbar's messages (public/_locales/en/messages.json; a unit test checks each exists). */
export type ToolbarText = 'toolbar_label' | 'toolbar_ask' | 'toolbar_explain' | 'toolbar_summarize' | 'toolbar_openPanelHint';

export interface ToolbarDeps {
  doc: Document;
  /** The message of a key, in the UI language (browser.i18n.getMessage). */
  text(key: ToolbarText): string;
  /** Asks the background to open the panel with the text; resolves whether the panel opened. */
  request(action: ToolbarAction, text: string): Promise<boolean>;
}

export interface SelectionToolbar {
  destroy(): void;
}

const LABELS: [ToolbarAction, ToolbarText][] = [
  ['ask', 'toolbar_ask'],
  ['explain', 'toolbar_explain'],
  ['summarize', 'toolbar_summarize'],
];
const MAX_TEXT = 200_000;

const CSS = `:host{all:initial}
div{display:flex;gap:4px;padding:4px;border-radius:8px;background:#1b1d21;box-shadow:0 2px 8px #0006;font:13px system-ui,sans-serif}
button{all:unset;cursor:pointer;color:#fff;padding:4px 8px;border-radius:6px}
button:hover,button:focus-visible{background:#2457d6}
span{color:#fff;padding:4px 8px}`;

function important(element: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
}

export function createSelectionToolbar({ doc, text: message, request }: ToolbarDeps): SelectionToolbar {
  const win = doc.defaultView as Window;
  let host: HTMLElement | undefined;
  let bar: HTMLElement | undefined;
  let text = '';
  let timer = 0;

  const hide = () => {
    host?.remove();
  };

  const fill = (hint?: string) => {
    if (!bar) return;
    bar.replaceChildren();
    if (hint !== undefined) {
      const span = doc.createElement('span');
      span.textContent = hint;
      bar.append(span);
      return;
    }
    for (const [action, label] of LABELS) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = message(label);
      button.addEventListener('click', (event) => {
        if (!event.isTrusted) return;
        const selected = text;
        hide();
        void request(action, selected).then(
          (opened) => {
            if (!opened) place(message('toolbar_openPanelHint'));
          },
          () => undefined,
        );
      });
      bar.append(button);
    }
  };

  const build = (): HTMLElement => {
    const element = doc.createElement('div');
    important(element, { all: 'initial', position: 'fixed', 'z-index': '2147483647', top: '0', left: '0' });
    const root = element.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = CSS;
    bar = doc.createElement('div');
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', message('toolbar_label'));
    // Keep the page's selection when a button is pressed.
    bar.addEventListener('mousedown', (event) => event.preventDefault());
    root.append(style, bar);
    return element;
  };

  /** Shows the toolbar under the selection, or a hint where it was. */
  const place = (hint?: string) => {
    const selection = win.getSelection();
    const rect = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).getBoundingClientRect() : undefined;
    host ??= build();
    fill(hint);
    const top = rect ? Math.min(rect.bottom + 8, win.innerHeight - 44) : 8;
    const left = rect ? Math.max(8, Math.min(rect.left, win.innerWidth - 280)) : 8;
    important(host, { top: `${Math.max(0, top)}px`, left: `${left}px` });
    if (!host.isConnected) doc.documentElement.append(host);
    if (hint !== undefined) {
      win.clearTimeout(timer);
      timer = win.setTimeout(hide, 4000);
    }
  };

  const showForSelection = () => {
    const value = String(win.getSelection() ?? '').trim();
    if (value === '') {
      hide();
      return;
    }
    text = value.slice(0, MAX_TEXT);
    place();
  };

  const fromToolbar = (event: Event) => host !== undefined && event.composedPath().includes(host);

  const onPointerUp = (event: Event) => {
    if (!event.isTrusted || fromToolbar(event)) return;
    // The selection is final once the event is over.
    win.setTimeout(showForSelection, 0);
  };
  const onPointerDown = (event: Event) => {
    if (event.isTrusted && !fromToolbar(event)) hide();
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') hide();
    else if (event.shiftKey || event.key === 'Shift') win.setTimeout(showForSelection, 0);
  };

  doc.addEventListener('mouseup', onPointerUp, true);
  doc.addEventListener('mousedown', onPointerDown, true);
  doc.addEventListener('keyup', onKeyUp, true);

  return {
    destroy() {
      doc.removeEventListener('mouseup', onPointerUp, true);
      doc.removeEventListener('mousedown', onPointerDown, true);
      doc.removeEventListener('keyup', onKeyUp, true);
      win.clearTimeout(timer);
      hide();
      host = undefined;
    },
  };
}
