import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { extractPdf, PdfReadError, pageText } from '@/src/attachments/pdf';
import { makePdf } from '../../fixtures/make-pdf';

// In Node pdf.js runs its worker code in this thread (a "fake worker" loaded from this file).
pdfjs.GlobalWorkerOptions.workerSrc = new URL('../../../node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs', import.meta.url).href;
const lib = pdfjs as unknown as typeof import('pdfjs-dist');

describe('PDF text extraction', () => {
  it('reads each page with a [Page N] mark and counts the pages', async () => {
    const data = makePdf([
      ['Quarterly report', 'Revenue grew by 12 percent in the third quarter of the year.'],
      ['Second page text', 'Costs (mostly salaries) stayed flat compared with last year.'],
    ]);
    const read = await extractPdf(data, lib);
    expect(read.pages).toBe(2);
    expect(read.scanned).toBe(false);
    expect(read.truncated).toBe(false);
    expect(read.text).toBe(
      '[Page 1]\nQuarterly report\nRevenue grew by 12 percent in the third quarter of the year.\n\n[Page 2]\nSecond page text\nCosts (mostly salaries) stayed flat compared with last year.',
    );
  });

  it('calls a PDF without a text layer scanned, and draws its first pages only', async () => {
    const drawn: number[] = [];
    const read = await extractPdf(makePdf(['drawing', 'drawing', 'drawing']), lib, {
      maxScannedPages: 2,
      renderPage: async (page) => {
        drawn.push(page.pageNumber);
        return new Blob(['jpeg'], { type: 'image/jpeg' });
      },
    });
    expect(read).toMatchObject({ pages: 3, scanned: true, text: '' });
    expect(drawn).toEqual([1, 2]);
    expect(read.pageImages).toHaveLength(2);
  });

  it('does not call a page of real text scanned, nor draw it', async () => {
    let drawn = 0;
    const read = await extractPdf(makePdf([['A page with enough words to be a text layer.'], 'drawing']), lib, {
      renderPage: async () => {
        drawn++;
        return new Blob();
      },
    });
    expect(read.scanned).toBe(false);
    expect(drawn).toBe(0);
    expect(read.text).toContain('[Page 2]');
  });

  it('stops at the page and character limits and says it was cut', async () => {
    const data = makePdf([['First page words here'], ['Second page words here'], ['Third page words here']]);
    // pdf.js takes the bytes over (their buffer is handed to its worker): each read gets its own copy.
    const byPages = await extractPdf(data.slice(), lib, { maxPages: 2 });
    expect(byPages).toMatchObject({ pages: 3, pagesRead: 2, truncated: true });
    expect(byPages.text).not.toContain('[Page 3]');
    const byChars = await extractPdf(data.slice(), lib, { maxChars: 20 });
    expect(byChars.text).toHaveLength(20);
    expect(byChars.truncated).toBe(true);
  });

  it('refuses a PDF that needs a password as encrypted', async () => {
    const error = await extractPdf(makePdf([['secret']], { userPassword: 'open sesame' }), lib).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PdfReadError);
    expect((error as PdfReadError).problem).toBe('encrypted');
  });

  it('refuses bytes that are not a PDF as damaged', async () => {
    const error = await extractPdf(new TextEncoder().encode('%PDF-1.4\nthis is not really a pdf at all'), lib).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PdfReadError);
    expect((error as PdfReadError).problem).toBe('damaged');
  });

  it('joins text items with line breaks where the PDF ends a line', () => {
    expect(pageText([{ str: 'a', hasEOL: false }, { str: 'b ', hasEOL: true }, { type: 'beginMarkedContent' }, { str: 'c', hasEOL: false }])).toBe('ab\nc');
  });
});
