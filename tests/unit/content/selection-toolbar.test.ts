// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSelectionToolbar, type SelectionToolbar } from '@/src/content/selection-toolbar';
import { t } from '@/src/shared/i18n/text';

/**
 * Browsers set `isTrusted` only for events the user caused; a page cannot forge it. The tests play
 * the user by marking an event trusted, which only the test can do.
 */
function trusted<T extends Event>(event: T): T {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

function selectParagraph(): void {
  const range = document.createRange();
  range.selectNodeContents(document.getElementById('text') as HTMLElement);
  const selection = window.getSelection() as Selection;
  selection.removeAllRanges();
  selection.addRange(range);
}

describe('the floating selection toolbar', () => {
  let toolbar: SelectionToolbar | undefined;
  let request: ReturnType<typeof vi.fn<(action: string, text: string) => Promise<boolean>>>;
  let attachShadow: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    document.body.innerHTML = '<p id="text">Tides are caused by the Moon.</p><button id="page-button">page</button>';
    request = vi.fn(async () => true);
    attachShadow = vi.spyOn(HTMLElement.prototype, 'attachShadow');
    // The words are the extension's English messages, looked up as the content script does.
    toolbar = createSelectionToolbar({ doc: document, text: (key) => t(key), request });
  });

  afterEach(() => {
    toolbar?.destroy();
    attachShadow.mockRestore();
    window.getSelection()?.removeAllRanges();
  });

  const hosts = () => [...document.documentElement.children].filter((element) => element !== document.head && element !== document.body);
  const shadow = (): ShadowRoot => attachShadow.mock.results[0]?.value as ShadowRoot;

  it('adds nothing to the page until the user selects text', async () => {
    const before = document.documentElement.outerHTML;
    selectParagraph();
    await tick();
    expect(document.documentElement.outerHTML).toBe(before);
    expect(attachShadow).not.toHaveBeenCalled();
  });

  it('ignores synthetic (untrusted) selection events', async () => {
    selectParagraph();
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    document.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', shiftKey: true, bubbles: true }));
    await tick();
    expect(hosts()).toEqual([]);
    expect(attachShadow).not.toHaveBeenCalled();
  });

  it('appears on a trusted mouseup, in a closed shadow root the page cannot open', async () => {
    selectParagraph();
    document.getElementById('text')?.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true, composed: true })));
    await tick();
    const [host] = hosts();
    expect(host).toBeDefined();
    expect(attachShadow).toHaveBeenCalledWith({ mode: 'closed' });
    expect(host?.shadowRoot).toBeNull();
    // The buttons are not in the page's DOM.
    expect(document.querySelectorAll('button')).toHaveLength(1);
    expect([...shadow().querySelectorAll('button')].map((button) => button.textContent)).toEqual(['Ask Keyward', 'Explain', 'Summarize']);
  });

  it('a synthetic click on its buttons or its host does nothing; the user’s click asks for the panel', async () => {
    selectParagraph();
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    await tick();
    const [host] = hosts();
    const [ask, explain] = shadow().querySelectorAll('button');
    ask?.click();
    ask?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    (host as HTMLElement).click();
    expect(request).not.toHaveBeenCalled();

    explain?.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    expect(request).toHaveBeenCalledExactlyOnceWith('explain', 'Tides are caused by the Moon.');
    // Hidden again: nothing of ours left in the page.
    expect(hosts()).toEqual([]);
  });

  it('hides on a trusted click elsewhere or Escape, and a destroyed toolbar stops listening', async () => {
    selectParagraph();
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    await tick();
    expect(hosts()).toHaveLength(1);
    document.getElementById('page-button')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(hosts()).toHaveLength(1);
    document.getElementById('page-button')?.dispatchEvent(trusted(new MouseEvent('mousedown', { bubbles: true })));
    expect(hosts()).toEqual([]);

    document.dispatchEvent(trusted(new KeyboardEvent('keyup', { key: 'Shift', shiftKey: true, bubbles: true })));
    await tick();
    expect(hosts()).toHaveLength(1);
    document.dispatchEvent(trusted(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true })));
    expect(hosts()).toEqual([]);

    toolbar?.destroy();
    toolbar = undefined;
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    await tick();
    expect(hosts()).toEqual([]);
  });

  it('shows a hint when the browser did not open the panel', async () => {
    request.mockResolvedValue(false);
    selectParagraph();
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    await tick();
    shadow().querySelector('button')?.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    await tick();
    expect(hosts()).toHaveLength(1);
    expect(shadow().textContent).toContain('Open the Keyward side panel');
  });
});
