// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveText } from '@/src/ui/chat/live-text';
import { loadMarkdownRenderer, Markdown } from '@/src/ui/chat/Markdown';
import { sanitizeToFragment } from '@/src/ui/chat/markdown/sanitize';
import { installDomFixes } from './dom-fixes';

installDomFixes();
// The renderer is loaded on first use (Markdown.tsx); here it is there before each test renders, as in a page that has shown an answer.
beforeAll(() => loadMarkdownRenderer());

afterEach(cleanup);

function renderMarkdown(text: string) {
  return render(<Markdown source={new LiveText(text)} />).container;
}

describe('markdown rendering', () => {
  it('renders GFM tables, lists, headings and emphasis', () => {
    const root = renderMarkdown('# Plan\n\n- one\n- **two**\n\n| Name | Price |\n|---|---:|\n| tea | 2 |\n| cake | 4 |\n\n~~old~~ and `code`');
    expect(screen.getByRole('heading', { level: 1, name: 'Plan' })).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['one', 'two']);
    const table = screen.getByRole('table');
    expect(table.querySelectorAll('th')).toHaveLength(2);
    expect(Array.from(table.querySelectorAll('tbody tr')).map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent))).toEqual([
      ['tea', '2'],
      ['cake', '4'],
    ]);
    expect(table.querySelectorAll('td')[1]?.getAttribute('align')).toBe('right');
    expect(root.querySelector('del')?.textContent).toBe('old');
    expect(root.querySelector('p code')?.textContent).toBe('code');
  });

  it('shows a code block with its language label and a working Copy button', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const root = renderMarkdown('Here:\n\n```ts\nconst x: number = 1 < 2 ? 1 : 0;\n```\n');
    const block = root.querySelector('.code-block');
    expect(block?.querySelector('.code-lang')?.textContent).toBe('ts');
    expect(block?.querySelector('pre code')?.textContent).toBe('const x: number = 1 < 2 ? 1 : 0;\n');
    fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('const x: number = 1 < 2 ? 1 : 0;\n'));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('renders task lists as checkboxes that cannot be changed, and numbered lists from their start', () => {
    const root = renderMarkdown('- [x] done\n- [ ] to do\n\n3. third\n4. fourth');
    const boxes = Array.from(root.querySelectorAll('input'));
    expect(boxes.map((box) => [box.getAttribute('type'), box.hasAttribute('checked'), box.hasAttribute('disabled')])).toEqual([
      ['checkbox', true, true],
      ['checkbox', false, true],
    ]);
    expect(root.querySelector('ol')?.getAttribute('start')).toBe('3');
  });

  it('labels a code block without a language as text', () => {
    const root = renderMarkdown('```\nplain\n```');
    expect(root.querySelector('.code-lang')?.textContent).toBe('text');
  });
});

describe('sanitising model output', () => {
  const hostile = [
    'Hello <script>window.__pwned = 1</script>',
    '<img src="x" onerror="window.__pwned = 1">',
    '[click me](javascript:window.__pwned=1)',
    '[data](data:text/html,<script>alert(1)</script>)',
    '<a href="javascript:alert(1)" onclick="alert(1)">raw link</a>',
    '![tracker](https://evil.example/pixel.png?secret=1)',
    '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="key"></form>',
    '<style>body{display:none}</style><svg onload="alert(1)"></svg>',
  ].join('\n\n');

  it('never puts scripts, event handlers, javascript: links, frames, forms or images into the DOM', () => {
    const root = renderMarkdown(hostile);
    expect(root.querySelector('script, iframe, form, style, svg, img, object, embed')).toBeNull();
    for (const element of Array.from(root.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) expect(attribute.name.startsWith('on')).toBe(false);
    }
    for (const link of Array.from(root.querySelectorAll('a'))) {
      const href = link.getAttribute('href');
      if (href !== null) expect(href).toMatch(/^(https?:|mailto:)/);
    }
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    // The text of raw HTML is shown as text, not run.
    expect(root.textContent).toContain('<script>window.__pwned = 1</script>');
    // The image became text (its alt text and host): neither loaded nor a link.
    expect(root.textContent).toContain('[image: tracker] (evil.example)');
    expect(root.querySelector('a[href*="pixel.png"]')).toBeNull();
  });

  it('gives links a new tab, noopener and noreferrer', () => {
    renderMarkdown('See [the docs](https://example.com/docs).');
    const link = screen.getByRole('link', { name: 'the docs (example.com)' });
    expect(link.getAttribute('href')).toBe('https://example.com/docs');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('the sanitiser itself strips live HTML even when markdown escaping is bypassed', () => {
    const fragment = sanitizeToFragment(
      '<p>ok</p><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a><a href="https://a.example" onmouseover="alert(1)">y</a><input type="text" name="k">',
    );
    const holder = document.createElement('div');
    holder.append(fragment);
    expect(holder.querySelector('script, img')).toBeNull();
    const links = holder.querySelectorAll('a');
    expect(links[0]?.hasAttribute('href')).toBe(false);
    expect(links[1]?.getAttribute('href')).toBe('https://a.example');
    expect(links[1]?.hasAttribute('onmouseover')).toBe(false);
    expect(links[1]?.getAttribute('rel')).toBe('noopener noreferrer');
    const input = holder.querySelector('input');
    expect(input?.getAttribute('type')).toBe('checkbox');
    expect(input?.hasAttribute('disabled')).toBe(true);
    expect(input?.hasAttribute('name')).toBe(false);
  });
});
