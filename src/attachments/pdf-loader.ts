import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { extractPdf, PAGE_IMAGE_WIDTH, type ExtractOptions, type PdfRead } from './pdf';

/**
 * pdf.js for a page (loaded with the first PDF attached, never before the first paint): its worker
 * is the package's own file, shipped in the extension by the build (`?url` emits it under assets/),
 * so it runs from the extension's origin and the pages' CSP (`worker-src 'self'`) allows it.
 */
let loading: Promise<typeof import('pdfjs-dist')> | undefined;

function loadPdfJs(): Promise<typeof import('pdfjs-dist')> {
  loading ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    return pdfjs;
  });
  return loading;
}

type PdfPage = Parameters<NonNullable<Parameters<typeof extractPdf>[2]>['renderPage'] & object>[0];

/** A scanned page drawn at PAGE_IMAGE_WIDTH on a white background, as JPEG. */
async function renderPage(page: PdfPage): Promise<Blob> {
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: PAGE_IMAGE_WIDTH / base.width });
  const canvas = new OffscreenCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  // pdf.js takes a canvas context; an OffscreenCanvas's draws the same.
  await page.render({ canvas: null, canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

/** Reads a PDF file in the page: text with page marks, or a scan's page images. Throws PdfReadError. */
export async function readPdf(file: Blob, limits: Pick<ExtractOptions, 'maxPages' | 'maxChars' | 'keepPages'> = {}): Promise<PdfRead> {
  const pdfjs = await loadPdfJs();
  // The decoders shipped under pdfjs/wasm/ (wxt.config.ts), from this page's own origin.
  return extractPdf(new Uint8Array(await file.arrayBuffer()), pdfjs, { renderPage, wasmUrl: new URL('/pdfjs/wasm/', location.href).href, ...limits });
}
