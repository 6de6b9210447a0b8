// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveText } from '@/src/ui/chat/live-text';
import { loadMarkdownRenderer, Markdown } from '@/src/ui/chat/Markdown';
import { markdownEngine } from '@/src/ui/chat/markdown/engine';
import type { Scheduler } from '@/src/ui/chat/frame-scheduler';
import { BLOCKS_PER_CHUNK, CHUNK_CLASS, MarkdownRenderer } from '@/src/ui/chat/markdown/renderer';
import { installDomFixes } from './dom-fixes';

installDomFixes();
// The renderer is loaded on first use (Markdown.tsx); here it is there before each test renders, as in a page that has shown an answer.
beforeAll(() => loadMarkdownRenderer());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** A long, varied answer: paragraphs, lists, code, tables and quotes, `sections` times over. */
function longAnswer(sections: number): string {
  const parts: string[] = [];
  for (let index = 0; index < sections; index++) {
    parts.push(
      `## Step ${index}\n\nThis paragraph explains **step ${index}** with \`inline code\` and a [link](https://example.com/${index}).\n\n` +
        `- first point of ${index}\n- second point\n  continued\n\n` +
        '```js\n' + `const value${index} = ${index} * 2;\nconsole.log(value${index});\n` + '```\n\n' +
        `| key | value |\n|---|---|\n| a | ${index} |\n| b | ${index + 1} |\n\n` +
        `> A quote for ${index}.\n\n`,
    );
  }
  return parts.join('');
}

/** Cuts a text into `count` deltas of (nearly) equal size. */
function deltas(text: string, count: number): string[] {
  const size = Math.ceil(text.length / count);
  const out: string[] = [];
  for (let start = 0; start < text.length; start += size) out.push(text.slice(start, start + size));
  return out;
}

interface Cost {
  lexCalls: number;
  lexedChars: number;
  blockRenders: number;
  html: string;
}

/** Streams `text` in `count` deltas, flushing after every delta (the worst case: no frame batching). */
function streamCost(text: string, count: number): Cost {
  const lex = vi.spyOn(markdownEngine, 'lex');
  const renderBlock = vi.spyOn(markdownEngine, 'renderBlock');
  const live = new LiveText('', false);
  const container = document.createElement('div');
  let pending: (() => void) | undefined;
  const manual: Scheduler = (callback) => {
    pending = callback;
    return () => (pending = undefined);
  };
  const renderer = new MarkdownRenderer(container, live, manual);
  const pieces = deltas(text, count);
  for (const piece of pieces) {
    live.append(piece);
    pending?.();
  }
  live.finish();
  pending?.();
  renderer.destroy();
  const cost = {
    lexCalls: lex.mock.calls.length,
    lexedChars: lex.mock.calls.reduce((sum, [source]) => sum + source.length, 0),
    blockRenders: renderBlock.mock.calls.length,
    html: container.innerHTML,
  };
  lex.mockRestore();
  renderBlock.mockRestore();
  return cost;
}

function staticHtml(text: string): string {
  const container = document.createElement('div');
  new MarkdownRenderer(container, new LiveText(text, true)).destroy();
  return container.innerHTML;
}

describe('streaming markdown stays linear', () => {
  it('2,000 deltas: one lex per update, each block rendered once plus the growing one per update', () => {
    const text = longAnswer(60);
    const count = 2000;
    const cost = streamCost(text, count);
    const blocks = markdownEngine.lex(text).filter((token) => token.type !== 'space').length;

    expect(cost.lexCalls).toBeLessThanOrEqual(count + 1);
    // Finished blocks once each, the tail once per update, every block once more at the end.
    expect(cost.blockRenders).toBeLessThanOrEqual(count + 2 * blocks);
    // Only the unsettled end is lexed again: never the whole answer per delta.
    expect(cost.lexedChars).toBeLessThan(text.length * 30);
    // And the result is the same as rendering the finished text in one go.
    expect(cost.html).toBe(staticHtml(text));
  });

  it('twice the answer (and twice the deltas) costs about twice the work, not four times', () => {
    const small = streamCost(longAnswer(40), 1000);
    const large = streamCost(longAnswer(80), 2000);
    expect(large.lexCalls / small.lexCalls).toBeLessThan(2.2);
    expect(large.blockRenders / small.blockRenders).toBeLessThan(2.2);
    expect(large.lexedChars / small.lexedChars).toBeLessThan(2.5);
  });

  it('in the component, deltas between two frames cost one update', () => {
    const lex = vi.spyOn(markdownEngine, 'lex');
    const live = new LiveText('', false);
    const frames: (() => void)[] = [];
    const schedule: Scheduler = (callback) => {
      frames.push(callback);
      return () => undefined;
    };
    const { container } = render(<Markdown source={live} schedule={schedule} />);
    const pieces = deltas(longAnswer(10), 2000);
    act(() => {
      for (const piece of pieces) live.append(piece);
    });
    // 2,000 deltas, one frame requested, nothing lexed yet.
    expect(frames).toHaveLength(1);
    expect(lex).not.toHaveBeenCalled();
    act(() => frames.shift()?.());
    expect(lex).toHaveBeenCalledTimes(1);
    expect(container.querySelectorAll('table')).toHaveLength(10);
    act(() => live.append('\n\nThe end.'));
    act(() => frames.shift()?.());
    expect(lex).toHaveBeenCalledTimes(2);
    // The second update lexed only the new end, not the whole answer again.
    expect(lex.mock.calls[1]?.[0].length).toBeLessThan(100);
    expect(container.textContent).toContain('The end.');
  });
});

describe('the rendered answer stays cheap for the browser as it grows', () => {
  /** Streams `text` in `count` deltas into a fresh renderer, calling `after` after every update. */
  function stream(text: string, count: number, after: (container: HTMLElement) => void = () => undefined): HTMLElement {
    const live = new LiveText('', false);
    const container = document.createElement('div');
    document.body.append(container);
    let pending: (() => void) | undefined;
    const manual: Scheduler = (callback) => {
      pending = callback;
      return () => (pending = undefined);
    };
    const renderer = new MarkdownRenderer(container, live, manual);
    for (const piece of deltas(text, count)) {
      live.append(piece);
      pending?.();
      after(container);
    }
    live.finish();
    pending?.();
    after(container);
    renderer.destroy();
    return container;
  }

  it('finished blocks are grouped in chunks: the answer holds a few chunks and the tail, not every block', () => {
    const text = longAnswer(60);
    const blocks = markdownEngine.lex(text).filter((token) => token.type !== 'space').length;
    const container = stream(text, 500);
    const chunks = Array.from(container.children).filter((child) => child.classList.contains(CHUNK_CLASS));
    // Every top-level child is a chunk, but for the (now empty) tail.
    expect(container.children).toHaveLength(chunks.length + 1);
    expect(chunks.length).toBe(Math.ceil(blocks / BLOCKS_PER_CHUNK));
    expect(chunks.every((chunk) => chunk.children.length <= BLOCKS_PER_CHUNK)).toBe(true);
    expect(chunks.reduce((sum, chunk) => sum + chunk.children.length, 0)).toBe(blocks);
    expect(container.querySelectorAll('table')).toHaveLength(60);
  });

  it('a finished block is put in the page once: the nodes of finished blocks stay the same as the answer grows', () => {
    const seen = new Map<Element, number>();
    let updates = 0;
    stream(longAnswer(30), 400, (container) => {
      updates++;
      for (const chunk of Array.from(container.querySelectorAll(`.${CHUNK_CLASS}`))) {
        for (const block of Array.from(chunk.children)) if (!seen.has(block)) seen.set(block, updates);
      }
      // Every finished block seen so far is still the very node that was inserted, still in its chunk.
      for (const block of seen.keys()) expect(block.isConnected && block.parentElement?.classList.contains(CHUNK_CLASS)).toBe(true);
    });
    expect(seen.size).toBe(markdownEngine.lex(longAnswer(30)).filter((token) => token.type !== 'space').length);
    // Blocks arrived over the whole stream, not all at the end.
    expect(new Set(seen.values()).size).toBeGreaterThan(50);
  });
});
