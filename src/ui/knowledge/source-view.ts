import '@/src/ui/shared/base.css';
import './collections.css';
import { headingText } from '@/src/knowledge/chunk';
import { headingId } from '@/src/knowledge/collection-open';
import { itemFile } from '@/src/knowledge/collection-store';
import { knowledgeDb } from '@/src/knowledge/knowledge-db';
import { knowledgeStrings as words } from './strings';

/**
 * The source page (source.html?item=…): a collection item's stored original, opened from a
 * citation. A PDF goes to the browser's PDF viewer at the cited page (`#page=N` on the stored
 * file's blob URL, made by this page and resolved at the start of the navigation); a text or
 * Markdown item is shown here as text, with its headings as anchors, scrolled to the cited one.
 * Plain DOM (no React): this page is opened from a click and should show at once.
 */

const ATX = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;

/** The text with each Markdown heading as an element whose id is its heading path (chunk.ts reads the same headings). */
export function renderText(root: HTMLElement, text: string, markdown: boolean): void {
  const path: { level: number; text: string }[] = [];
  let block: string[] = [];
  let inFence = false;
  const flush = () => {
    if (!block.length) return;
    const pre = document.createElement('pre');
    pre.textContent = block.join('\n');
    root.append(pre);
    block = [];
  };
  for (const line of text.split('\n')) {
    if (/^(```|~~~)/.test(line.trim())) inFence = !inFence;
    const match = markdown && !inFence ? ATX.exec(line) : null;
    const title = match ? headingText(match[2] as string) : '';
    if (!match || !title) {
      block.push(line);
      continue;
    }
    flush();
    const level = (match[1] as string).length;
    while (path.length && (path[path.length - 1] as { level: number }).level >= level) path.pop();
    path.push({ level, text: title });
    const heading = document.createElement(`h${level}`);
    heading.id = headingId(path.map((entry) => entry.text));
    heading.textContent = title;
    root.append(heading);
  }
  flush();
}

export async function showSource(): Promise<void> {
  const root = document.getElementById('root') as HTMLElement;
  root.textContent = words.sourceLoading;
  const params = new URLSearchParams(location.search);
  const itemId = params.get('item') ?? '';
  const page = Number(params.get('page'));
  const item = itemId ? await knowledgeDb().items.get(itemId) : undefined;
  const blob = item && (await itemFile(item.id));
  if (!item || !blob) {
    root.textContent = words.sourceGone;
    return;
  }
  document.title = item.title;
  if (item.kind === 'pdf') {
    const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    location.replace(Number.isInteger(page) && page > 0 ? `${url}#page=${page}` : url);
    return;
  }
  root.textContent = '';
  const title = document.createElement('h1');
  title.textContent = item.title;
  root.append(title);
  if (item.url) {
    const link = document.createElement('a');
    link.href = item.url;
    link.rel = 'noopener noreferrer';
    link.textContent = item.url;
    root.append(link);
  }
  const body = document.createElement('article');
  renderText(body, await blob.text(), item.kind !== 'text');
  root.append(body);
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target) {
    target.tabIndex = -1;
    target.scrollIntoView({ block: 'start' });
    target.focus();
  }
}
