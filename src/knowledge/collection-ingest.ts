import { PdfReadError } from '@/src/attachments/pdf';
import { BinaryFileError, extensionOf, isTextFile, readTextFile } from '@/src/attachments/read-text';
import type { PageExtractResult } from '@/src/page/extract-result';
import { chunkMarkdown, chunkPdfPages, chunkPlainText } from './chunk';
import type { ItemSource } from './collection-index';

/**
 * Reading what the user adds to a collection, in the page (never in the worker): PDFs with the
 * attachments' pdf.js reader (text by page: a citation opens its page), text and Markdown files,
 * and a page read by "Save this page to a collection" (the same reader and never-send rules as
 * "Use this page": src/page/tab-reader.ts). Each problem is a code the page says in words.
 */

export const INGEST_LIMITS = {
  /** A file larger than this is refused before it is read. */
  maxFileBytes: 100 * 1024 * 1024,
  /** Pages of a PDF read (a book; beyond this the rest is left out and the item says so). */
  maxPdfPages: 3000,
  /** Characters of one item's text. */
  maxChars: 20_000_000,
} as const;

export type IngestProblem = 'too-large' | 'unsupported' | 'pdf-encrypted' | 'pdf-damaged' | 'pdf-scanned' | 'binary' | 'empty' | 'read-failed';

export type IngestResult = { ok: true; source: ItemSource; truncated: boolean } | { ok: false; problem: IngestProblem };

const MARKDOWN = new Set(['md', 'markdown', 'mdx']);

export type FileKind = 'pdf' | 'markdown' | 'text';

/** What a file is for a collection; undefined: not one it takes. */
export function fileKindOf(file: { name: string; type: string }): FileKind | undefined {
  if (file.type === 'application/pdf' || extensionOf(file.name) === 'pdf') return 'pdf';
  if (file.type === 'text/markdown' || MARKDOWN.has(extensionOf(file.name))) return 'markdown';
  if (isTextFile(file)) return 'text';
  return undefined;
}

const titleOf = (name: string): string => name.replace(/\.[^.]+$/, '') || name;

/** Reads a PDF, text or Markdown file and chunks it. `readPdf` is the page's pdf.js reader (pdf-loader.ts), passed in so tests can use Node's pdf.js. */
export async function readFileForCollection(file: File, readPdf: typeof import('@/src/attachments/pdf-loader').readPdf): Promise<IngestResult> {
  const kind = fileKindOf(file);
  if (!kind) return { ok: false, problem: 'unsupported' };
  if (file.size > INGEST_LIMITS.maxFileBytes) return { ok: false, problem: 'too-large' };
  const base = { title: titleOf(file.name), fileName: file.name, blob: file };
  try {
    if (kind === 'pdf') {
      const read = await readPdf(file, { maxPages: INGEST_LIMITS.maxPdfPages, maxChars: INGEST_LIMITS.maxChars, keepPages: true });
      if (read.scanned) return { ok: false, problem: 'pdf-scanned' };
      const chunks = chunkPdfPages(read.pageTexts ?? []);
      if (!chunks.length) return { ok: false, problem: 'empty' };
      return { ok: true, source: { kind: 'pdf', ...base, chunks }, truncated: read.truncated };
    }
    const read = await readTextFile(file, INGEST_LIMITS.maxChars);
    const chunks = kind === 'markdown' ? chunkMarkdown(read.text) : chunkPlainText(read.text);
    if (!chunks.length) return { ok: false, problem: 'empty' };
    return { ok: true, source: { kind, ...base, chunks }, truncated: read.truncated };
  } catch (caught) {
    if (caught instanceof PdfReadError) return { ok: false, problem: caught.problem === 'encrypted' ? 'pdf-encrypted' : 'pdf-damaged' };
    if (caught instanceof BinaryFileError) return { ok: false, problem: 'binary' };
    return { ok: false, problem: 'read-failed' };
  }
}

/** A page read by "Save this page to a collection": its Markdown, chunked by its headings. */
export function pageForCollection(extract: PageExtractResult): IngestResult {
  const chunks = chunkMarkdown(extract.text);
  if (!chunks.length) return { ok: false, problem: 'empty' };
  const title = extract.title.trim() || extract.url;
  return { ok: true, source: { kind: 'page', title, url: extract.url, blob: new Blob([extract.text], { type: 'text/markdown' }), chunks }, truncated: extract.truncated };
}
