import { BlockStream } from './block-stream';
import { decorateCodeBlocks } from './code-blocks';
import { markdownEngine, type Token } from './engine';
import { decorateLinks } from './links';
import { sanitizeToFragment } from './sanitize';
import { frameScheduler, type Scheduler } from '../frame-scheduler';
import type { LiveText } from '../live-text';

function renderTokens(tokens: Token[], doc: Document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const token of tokens) fragment.append(sanitizeToFragment(markdownEngine.renderBlock(token)));
  decorateCodeBlocks(fragment);
  // A table scrolls sideways in a narrow panel (chat.css): it takes keyboard focus to be scrolled without a mouse.
  for (const table of Array.from(fragment.querySelectorAll('table'))) table.tabIndex = 0;
  decorateLinks(fragment);
  return fragment;
}

/** Finished top-level blocks per chunk of the rendered answer. */
export const BLOCKS_PER_CHUNK = 24;
export const CHUNK_CLASS = 'md-chunk';

/**
 * Renders a LiveText as markdown into a container it owns. Finished blocks are rendered and inserted
 * once; only the last, growing block is rendered again, at most once per frame. Every piece of HTML
 * goes through DOMPurify before it reaches the document.
 *
 * Finished blocks are grouped in chunks of BLOCKS_PER_CHUNK (each skipped by the browser while out of
 * view: content-visibility in chat.css), so the container holds a few chunks and the tail rather than
 * every block: the browser's work per frame (layout of the container's children, the visibility
 * checks of content-visibility, pre-paint) then grows with the chunks, not with every block, and a
 * frame at the end of a long answer costs about what one at its start does.
 */
export class MarkdownRenderer {
  private readonly blocks = new BlockStream();
  private readonly tail: HTMLElement;
  /** The chunk finished blocks go into now, and how many blocks (elements) it holds. */
  private chunk: HTMLElement | undefined;
  private chunkSize = 0;
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
      this.chunk = undefined;
      this.chunkSize = 0;
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
    if (update.finished.length > 0) this.insertFinished(renderTokens(update.finished, doc));
    this.tail.replaceChildren(renderTokens(update.tail, doc));
  }

  /** Appends finished blocks to the open chunk, starting a new chunk whenever one is full. */
  private insertFinished(fragment: DocumentFragment): void {
    const doc = this.container.ownerDocument;
    while (fragment.firstChild) {
      if (!this.chunk || this.chunkSize >= BLOCKS_PER_CHUNK) {
        this.chunk = doc.createElement('div');
        this.chunk.className = CHUNK_CLASS;
        this.chunkSize = 0;
        this.container.insertBefore(this.chunk, this.tail);
      }
      // Moved in one append per chunk; blocks are counted by their elements (the text between them is a line break).
      const batch = doc.createDocumentFragment();
      while (fragment.firstChild && (this.chunkSize < BLOCKS_PER_CHUNK || fragment.firstChild.nodeType !== Node.ELEMENT_NODE)) {
        if (fragment.firstChild.nodeType === Node.ELEMENT_NODE) this.chunkSize++;
        batch.append(fragment.firstChild);
      }
      this.chunk.append(batch);
    }
  }

  destroy(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
