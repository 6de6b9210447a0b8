// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveText } from '@/src/ui/chat/live-text';
import { loadMarkdownRenderer, Markdown } from '@/src/ui/chat/Markdown';
import { linkOfEvent } from '@/src/ui/chat/markdown/links';
import { installDomFixes } from './dom-fixes';

/**
 * Security review finding 8: a prompt-injected page can make the model write a link whose address
 * carries the conversation. Every link in an answer shows where it goes, images are text, only web
 * and mail links stay links, and a link with a query or a fragment opens only after a confirmation.
 */

installDomFixes();
// The renderer is loaded on first use (Markdown.tsx); here it is there before each test renders, as in a page that has shown an answer.
beforeAll(() => loadMarkdownRenderer());

let open: ReturnType<typeof vi.fn>;
/** Whether the last click reached the window with its default action (the browser opening the link) intact. */
let lastDefaultPrevented: boolean | undefined;
function recordDefault(event: Event): void {
  lastDefaultPrevented = event.defaultPrevented;
  // happy-dom would follow the link itself; the browser's default is what this records, not what it does.
  event.preventDefault();
}

beforeEach(() => {
  open = vi.fn(() => null);
  vi.spyOn(window, 'open').mockImplementation(open as unknown as typeof window.open);
  lastDefaultPrevented = undefined;
  window.addEventListener('click', recordDefault);
  window.addEventListener('auxclick', recordDefault);
});

afterEach(() => {
  cleanup();
  window.removeEventListener('click', recordDefault);
  window.removeEventListener('auxclick', recordDefault);
  vi.restoreAllMocks();
});

function renderMarkdown(text: string) {
  return render(<Markdown source={new LiveText(text)} />).container;
}

const hostOf = (link: Element) => link.querySelector('.link-host')?.textContent?.trim();

describe('every link in an answer shows where it goes', () => {
  it('puts the host beside the text, inside the link, so it is part of its accessible name', () => {
    const root = renderMarkdown('See [docs](https://example.com/docs) and [the API](http://api.example.org:8080/v1).');
    const docs = screen.getByRole('link', { name: 'docs (example.com)' });
    expect(hostOf(docs)).toBe('(example.com)');
    expect(docs.getAttribute('href')).toBe('https://example.com/docs');
    expect(hostOf(screen.getByRole('link', { name: 'the API (api.example.org:8080)' }))).toBe('(api.example.org:8080)');
    expect(root.querySelectorAll('a')).toHaveLength(2);
    expect(root.querySelectorAll('a .link-host')).toHaveLength(2);
  });

  it('shows the real host when the link text is another address', () => {
    renderMarkdown('[https://good.example/login](https://evil.example/steal) and [bank](https://good.example@evil.example/)');
    const disguised = screen.getByRole('link', { name: 'https://good.example/login (evil.example)' });
    expect(hostOf(disguised)).toBe('(evil.example)');
    // user@host: the part before @ is no host.
    expect(hostOf(screen.getByRole('link', { name: 'bank (evil.example)' }))).toBe('(evil.example)');
  });

  it('shows a look-alike Unicode host in its ASCII (punycode) form, also for autolinks and mail links', () => {
    // The first letter of each host is the Cyrillic а (U+0430), not the Latin a.
    renderMarkdown('[apple](https://\u0430pple.com/) or <https://\u0430pple.com> or [mail](mailto:ceo@\u0430pple.com)');
    expect(screen.getByRole('link', { name: 'apple (xn--pple-43d.com)' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'https://\u0430pple.com (xn--pple-43d.com)' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'mail (ceo@xn--pple-43d.com)' })).toBeTruthy();
  });

  it('keeps only web and mail links: javascript:, data:, vbscript:, relative and extension addresses become plain text', () => {
    const root = renderMarkdown(
      [
        '[js](javascript:alert(1))',
        '[data](data:text/html,<b>x</b>)',
        '[vb](vbscript:msgbox(1))',
        '[relative](/popup.html)',
        '[ext](chrome-extension://abcdefghijklmnop/options.html)',
        '[file](file:///etc/passwd)',
        '[ok](https://example.com)',
      ].join(' '),
    );
    const links = Array.from(root.querySelectorAll('a'));
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.com/']);
    for (const text of ['js', 'data', 'vb', 'relative', 'ext', 'file']) expect(root.textContent).toContain(text);
  });
});

describe('images in an answer are text', () => {
  it('an image reference yields neither an <img> nor a link, but its alt text and host', () => {
    const root = renderMarkdown('![x](https://evil.example/p.png?d=1)\n\n![](https://cdn.example/a.gif) ![chart][c]\n\n[c]: https://evil.example/c.png?q=secret\n\n![inline](data:image/png;base64,AAAA)');
    expect(root.querySelector('img, a, picture, source')).toBeNull();
    const images = Array.from(root.querySelectorAll('.md-image'), (image) => image.textContent);
    expect(images).toEqual(['[image: x] (evil.example)', '[image] (cdn.example)', '[image: chart] (evil.example)', '[image: inline]']);
    expect(root.innerHTML).not.toContain('p.png');
  });

  it('an image inside a link leaves just the link, with its host', () => {
    const root = renderMarkdown('[![badge](https://evil.example/b.svg)](https://example.com/project)');
    expect(root.querySelector('img')).toBeNull();
    expect(screen.getByRole('link', { name: '[image: badge] (evil.example) (example.com)' }).getAttribute('href')).toBe('https://example.com/project');
  });
});

describe('opening a link from an answer', () => {
  it('a link with a query string asks first: Cancel opens nothing', () => {
    renderMarkdown('[click](https://evil.example/collect?c=secret-conversation)');
    fireEvent.click(screen.getByRole('link', { name: 'click (evil.example)' }));
    expect(lastDefaultPrevented).toBe(true);
    const dialog = screen.getByRole('dialog', { name: 'Open this link?' });
    expect(within(dialog).getByTestId('link-confirm-url').textContent).toBe('https://evil.example/collect?c=secret-conversation');
    expect(dialog.querySelector('mark')?.textContent).toBe('evil.example');
    expect(dialog.textContent).toContain('The assistant wrote this address');
    expect(dialog.textContent).toContain('parts of this conversation to evil.example');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(open).not.toHaveBeenCalled();
  });

  it("a link that needs the confirmation has no href, so the browser's own ways to open a link (its menu, a drag) cannot skip it; Enter still asks", () => {
    renderMarkdown('[click](https://evil.example/collect?c=secret-conversation) and [docs](https://example.com/docs)');
    const held = screen.getByRole('link', { name: 'click (evil.example)' });
    expect(held.hasAttribute('href')).toBe(false);
    expect(held.getAttribute('tabindex')).toBe('0');
    expect(held.getAttribute('data-held-href')).toBe('https://evil.example/collect?c=secret-conversation');
    expect(screen.getByRole('link', { name: 'docs (example.com)' }).getAttribute('href')).toBe('https://example.com/docs');
    fireEvent.keyDown(held, { key: 'Enter' });
    expect(screen.getByTestId('link-confirm-url').textContent).toBe('https://evil.example/collect?c=secret-conversation');
    expect(open).not.toHaveBeenCalled();
  });

  it('a link with a fragment asks first; Open opens it in a new tab without opener or referrer', () => {
    renderMarkdown('[section](https://evil.example/page#secret-conversation)');
    fireEvent.click(screen.getByRole('link', { name: 'section (evil.example)' }));
    expect(lastDefaultPrevented).toBe(true);
    expect(open).not.toHaveBeenCalled();
    const dialog = screen.getByRole('dialog', { name: 'Open this link?' });
    expect(within(dialog).getByTestId('link-confirm-url').textContent).toBe('https://evil.example/page#secret-conversation');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Open link' }));
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://evil.example/page#secret-conversation', '_blank', 'noopener,noreferrer');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a link without query or fragment opens directly, as a new tab without opener or referrer', () => {
    renderMarkdown('[docs](https://example.com/docs)');
    const link = screen.getByRole('link', { name: 'docs (example.com)' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    fireEvent.click(link);
    expect(lastDefaultPrevented).toBe(false);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a middle click and a mail link with a body go through the same check', () => {
    renderMarkdown('[a](https://evil.example/?q=1) [m](mailto:x@evil.example?body=secret)');
    fireEvent(screen.getByRole('link', { name: 'a (evil.example)' }), new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 }));
    expect(lastDefaultPrevented).toBe(true);
    expect(screen.getByRole('dialog', { name: 'Open this link?' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    fireEvent.click(screen.getByRole('link', { name: 'm (x@evil.example)' }));
    expect(lastDefaultPrevented).toBe(true);
    expect(screen.getByTestId('link-confirm-url').textContent).toBe('mailto:x@evil.example?body=secret');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(open).not.toHaveBeenCalled();
  });

  it('a click on the host beside the text counts as a click on its link', () => {
    // (Dispatched to the handler's lookup, not clicked: happy-dom follows a link clicked through a
    // child before the answer's listener can stop it. The browser test clicks the host itself.)
    const root = renderMarkdown('[a](https://evil.example/?q=1)');
    const link = screen.getByRole('link', { name: 'a (evil.example)' });
    expect(linkOfEvent(link.querySelector('.link-host'), root)).toBe(link);
    expect(linkOfEvent(link.querySelector('.link-host')?.firstChild ?? null, root)).toBe(link);
    expect(linkOfEvent(link, document.createElement('div'))).toBeUndefined();
  });
});
