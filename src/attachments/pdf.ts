import { ATTACHMENT_LIMITS } from './types';

/**
 * PDFs read in the page that attaches them, never in the extension's worker (issue 16): pdf.js
 * parses in its own worker (pdf-loader.ts starts it), this module asks it for each page's text,
 * marks pages `[Page N]` so answers can cite them, and yields between pages so the page stays
 * responsive while a large file is read. A PDF without a text layer (a scan) has its first pages
 * rendered as JPEG images instead, for a model that sees.
 */

type PdfJs = typeof import('pdfjs-dist');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

export type PdfProblem = 'encrypted' | 'damaged';

/** The PDF cannot be read: it needs a password, or it is not a valid PDF. */
export class PdfReadError extends Error {
  constructor(readonly problem: PdfProblem) {
    super(`PDF ${problem}`);
    this.name = 'PdfReadError';
  }
}

export interface PdfRead {
  /** Pages in the file. */
  pages: number;
  /** The text, each page's after a `[Page N]` line; empty for a scan. */
  text: string;
  /** Pages whose text was read (at most `maxPdfPages`; fewer when the text limit was reached first). */
  pagesRead: number;
  /** The text was cut at `maxTextChars`. */
  truncated: boolean;
  /** No text layer worth the name: its pages go as images. */
  scanned: boolean;
  /** A scan's first pages as JPEG (at most `maxScannedPages`); absent when it is not a scan or pages cannot be drawn here. */
  pageImages?: Blob[];
  /** Each page's text (index 0 is page 1), only when asked with `keepPages` (collections chunk by page: src/knowledge/chunk.ts). */
  pageTexts?: string[];
}

/** Below this many letters per page on average, the text layer is a scan's stray marks (page numbers, a stamp), not its text. */
export const SCANNED_CHARS_PER_PAGE = 16;

/** A scan's page is drawn at this width (pixels): enough for a model to read printed text, well under every provider's limit. */
export const PAGE_IMAGE_WIDTH = 1280;

/** One page's text: items joined, a line break where pdf.js saw one. */
export function pageText(items: readonly unknown[]): string {
  let text = '';
  for (const item of items) {
    if (typeof item !== 'object' || item === null || !('str' in item)) continue;
    const { str, hasEOL } = item as { str: string; hasEOL?: boolean };
    text += str;
    if (hasEOL) text += '\n';
  }
  return text.replace(/[ \t]+\n/g, '\n').trim();
}

/** Gives the page's event loop a turn between pages (typing, painting). */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface ExtractOptions {
  /** Draws a page as a JPEG (the browser's OffscreenCanvas); absent where nothing can draw (unit tests). */
  renderPage?: (page: PdfPage) => Promise<Blob>;
  maxPages?: number;
  maxChars?: number;
  maxScannedPages?: number;
  /** Where pdf.js finds its image decoders (WebAssembly), shipped in the package; absent: such images are left out. */
  wasmUrl?: string;
  /** Also return each page's text on its own (`pageTexts`). */
  keepPages?: boolean;
}

function problemOf(pdfjs: PdfJs, caught: unknown): PdfProblem {
  return caught instanceof pdfjs.PasswordException || (caught as { name?: string } | null)?.name === 'PasswordException' ? 'encrypted' : 'damaged';
}

/** Reads a PDF's text (and a scan's page images) with the given pdf.js. Throws PdfReadError. */
export async function extractPdf(data: Uint8Array, pdfjs: PdfJs, options: ExtractOptions = {}): Promise<PdfRead> {
  const { maxPages = ATTACHMENT_LIMITS.maxPdfPages, maxChars = ATTACHMENT_LIMITS.maxTextChars, maxScannedPages = ATTACHMENT_LIMITS.maxScannedPages } = options;
  // Nothing fetched from anywhere but the package (fonts are not needed for text; a scan's page is pixels).
  const task = pdfjs.getDocument({ data, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: pdfjs.VerbosityLevel.ERRORS, ...(options.wasmUrl ? { wasmUrl: options.wasmUrl } : {}) });
  let document: PdfDocument;
  try {
    document = await task.promise;
  } catch (caught) {
    await task.destroy().catch(() => undefined);
    throw new PdfReadError(problemOf(pdfjs, caught));
  }
  try {
    const pages = document.numPages;
    const pagesRead = Math.min(pages, maxPages);
    const parts: string[] = [];
    const pageTexts: string[] = [];
    let letters = 0;
    let length = 0;
    let visited = 0;
    let truncated = pages > pagesRead;
    for (let number = 1; number <= pagesRead && length < maxChars; number++) {
      const page = await document.getPage(number);
      const text = pageText((await page.getTextContent()).items);
      page.cleanup();
      visited = number;
      letters += text.replace(/\s+/g, '').length;
      if (options.keepPages) pageTexts.push(text);
      const part = `[Page ${number}]\n${text}`;
      parts.push(part);
      length += part.length + 2;
      await yieldToPage();
    }
    let text = parts.join('\n\n');
    if (text.length > maxChars) {
      text = text.slice(0, maxChars);
      truncated = true;
    }
    if (visited < pagesRead) truncated = true;
    // Judged on the pages read (the character limit may have stopped before the last).
    const scanned = visited > 0 && letters < SCANNED_CHARS_PER_PAGE * visited;
    const read: PdfRead = { pages, text: scanned ? '' : text, pagesRead: visited, truncated: !scanned && truncated, scanned };
    if (options.keepPages && !scanned) read.pageTexts = pageTexts;
    if (scanned && options.renderPage) {
      const images: Blob[] = [];
      for (let number = 1; number <= Math.min(pages, maxScannedPages); number++) {
        const page = await document.getPage(number);
        images.push(await options.renderPage(page));
        page.cleanup();
        await yieldToPage();
      }
      read.pageImages = images;
    }
    return read;
  } catch (caught) {
    if (caught instanceof PdfReadError) throw caught;
    throw new PdfReadError(problemOf(pdfjs, caught));
  } finally {
    // Ends the document in pdf.js's worker too: the bytes are not kept there.
    await task.destroy();
  }
}
