// @vitest-environment happy-dom
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveText } from '@/src/ui/chat/live-text';
import { installDomFixes } from './dom-fixes';

installDomFixes();
afterEach(cleanup);
// Each test gets a fresh Markdown module, whose renderer has not been loaded yet.
beforeEach(() => vi.resetModules());

describe('the markdown renderer loads on first use', () => {
  it('an answer shown before the renderer has loaded appears once it has, streaming on from there', async () => {
    const { Markdown } = await import('@/src/ui/chat/Markdown');
    const text = new LiveText('# Plan\n\n- one', false);
    const { container } = render(<Markdown source={text} />);
    // Nothing yet: the page did not wait for the renderer to paint.
    expect(container.querySelector('h1')).toBeNull();
    await waitFor(() => expect(container.querySelector('h1')?.textContent).toBe('Plan'));
    text.append('\n- two\n\nThe end.');
    text.finish();
    await waitFor(() => expect(container.querySelector('.md')?.textContent).toContain('The end.'));
    expect(container.querySelectorAll('li')).toHaveLength(2);
  });

  it('an answer gone before the renderer arrived is left alone (no renderer, no subscription)', async () => {
    const { Markdown, loadMarkdownRenderer } = await import('@/src/ui/chat/Markdown');
    const text = new LiveText('Some **bold** text', false);
    const subscribe = vi.spyOn(text, 'subscribe');
    const { container, unmount } = render(<Markdown source={text} />);
    const body = container.querySelector('.md');
    unmount();
    await loadMarkdownRenderer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(subscribe).not.toHaveBeenCalled();
    expect(body?.innerHTML).toBe('');
  });
});
