import { strings } from '@/src/ui/strings';

export const COPY_CODE_CLASS = 'code-copy';

/**
 * Gives every code block a header with its language and a Copy button, built with DOM calls (no HTML
 * strings). The button works through event delegation on the answer (see Markdown.tsx).
 */
export function decorateCodeBlocks(root: DocumentFragment | Element): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const language = /(?:^|\s)language-(\S+)/.exec(code?.className ?? '')?.[1] ?? strings.chat.codeLanguageFallback;
    const doc = pre.ownerDocument;
    const block = doc.createElement('div');
    block.className = 'code-block';
    const head = doc.createElement('div');
    head.className = 'code-head';
    const label = doc.createElement('span');
    label.className = 'code-lang';
    label.textContent = language;
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = COPY_CODE_CLASS;
    button.textContent = strings.chat.copyCode;
    head.append(label, button);
    // A long line scrolls sideways inside the block: the block takes keyboard focus so that it can be
    // scrolled without a mouse (WCAG 2.1.1; axe's scrollable-region-focusable).
    pre.tabIndex = 0;
    pre.replaceWith(block);
    block.append(head, pre);
  }
}

/** The code text of the block a Copy button belongs to. */
export function codeOfCopyButton(button: Element): string | undefined {
  return button.closest('.code-block')?.querySelector('pre code, pre')?.textContent ?? undefined;
}
