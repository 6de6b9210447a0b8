import { BlockStream } from './block-stream';
import { decorateCodeBlocks } from './code-blocks';
import { markdownEngine, type Token } from './engine';
import { decorateLinks } from './links';
import { sanitizeToFragment } from './sanitize';
import type { LiveText } from '../live-text';

export type Scheduler = (callback: () => void) => () => void;

/** One DOM update per animation frame, however many deltas arrived in between. */
export const frameScheduler: Scheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(callback, 16);
  return () => clearTimeout(handle);
};

function renderTokens(tokens: Token[], doc: Document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const token of tokens) fragment.append(sanitizeToFragment(markdownEngine.renderBlock(token)));
  decorateCodeBlocks(fragment);
  decorateLinks(fragment);
  return fragment;
}

/**
 * Renders a LiveText as markdown into a container it owns. Finished blocks are rendered and inserted
 * once; only the last, growing block is rendered again, at most once per frame. Every piece of HTML
 * goes through DOMPurify before it reaches the document.
 */
export class MarkdownRenderer {
  private readonly blocks = new BlockStream();
  private readonly tail: HTMLElement;
  private generation = -1;
  private read = 0;
  private ended = false;
  private cancel: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly source: LiveText,
    private readonly schedule: Scheduler = frameScheduler,
  ) {
    this.tail = container.ownerDocument.createElement('div');
    this.tail.className = 'md-tail';
    container.replaceChildren(this.tail);
    this.flush();
    this.unsubscribe = source.subscribe(() => this.request());
  }

  private request(): void {
    this.cancel ??= this.schedule(() => {
      this.cancel = undefined;
      this.flush();
    });
  }

  /** Brings the DOM up to date with the text now (normally called once per frame). */
  flush(): void {
    const source = this.source;
    if (source.generation !== this.generation) {
      this.generation = source.generation;
      this.read = 0;
      this.ended = false;
      this.blocks.reset();
      this.container.replaceChildren(this.tail);
      this.tail.replaceChildren();
    }
    const fresh = source.chunksFrom(this.read);
    this.read += fresh.length;
    if (fresh.length > 0 && !this.ended) this.apply(this.blocks.push(fresh.join('')));
    if (source.done && !this.ended) {
      this.ended = true;
      this.apply(this.blocks.end());
    }
  }

  private apply(update: { finished: Token[]; tail: Token[] }): void {
    const doc = this.container.ownerDocument;
    if (update.finished.length > 0) this.container.insertBefore(renderTokens(update.finished, doc), this.tail);
    this.tail.replaceChildren(renderTokens(update.tail, doc));
  }

  destroy(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
