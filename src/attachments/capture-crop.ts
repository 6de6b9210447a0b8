import type { CssRect } from '@/src/content/capture-overlay';

/**
 * Cropping a screenshot to the region the user picked (src/content/capture-overlay.ts), in the
 * page that attaches (OffscreenCanvas), so the full screenshot never leaves that page.
 */

export interface Size {
  width: number;
  height: number;
}

/** A rectangle in CSS pixels of the viewport (what the overlay reports). */
export type { CssRect } from '@/src/content/capture-overlay';

/** A rectangle in the screenshot's pixels: whole numbers, inside the image. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * How many screenshot pixels one CSS pixel is along each axis. The screenshot covers the viewport
 * at the screen's density, so this is `devicePixelRatio`; when the image says otherwise (a window
 * resized between the pick and the capture, Firefox scaling by the browser window's ratio rather
 * than the page's zoomed one), the image's own ratio to the viewport wins, because the crop must
 * land on what the user saw.
 */
export function captureScale(viewport: Size, dpr: number, image: Size): { x: number; y: number } {
  const ratio = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
  const fits = (imageSide: number, viewportSide: number) => viewportSide > 0 && Math.abs(imageSide - viewportSide * ratio) <= Math.max(2, ratio);
  const axis = (imageSide: number, viewportSide: number) => (viewportSide > 0 && !fits(imageSide, viewportSide) ? imageSide / viewportSide : ratio);
  return { x: axis(image.width, viewport.width), y: axis(image.height, viewport.height) };
}

/**
 * The screenshot pixels a CSS rectangle covers: scaled, widened outwards to whole pixels (a
 * half-covered pixel is kept), and clamped to the image. Undefined when nothing of it is inside.
 */
export function cropRect(rect: CssRect, viewport: Size, dpr: number, image: Size): PixelRect | undefined {
  const scale = captureScale(viewport, dpr, image);
  // A hair of tolerance so 100.00000001 × 2 does not round out to an extra pixel.
  const left = Math.max(0, Math.floor(rect.x * scale.x + 1e-6));
  const top = Math.max(0, Math.floor(rect.y * scale.y + 1e-6));
  const right = Math.min(image.width, Math.ceil((rect.x + rect.width) * scale.x - 1e-6));
  const bottom = Math.min(image.height, Math.ceil((rect.y + rect.height) * scale.y - 1e-6));
  if (right - left < 1 || bottom - top < 1) return undefined;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Decodes an image's size without drawing it. */
export async function imageSize(blob: Blob): Promise<Size> {
  const bitmap = await createImageBitmap(blob);
  try {
    return { width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}

/** Cuts `crop` out of an image and encodes it as PNG. */
export async function cropImage(blob: Blob, crop: PixelRect): Promise<Blob> {
  const bitmap = await createImageBitmap(blob, crop.x, crop.y, crop.width, crop.height);
  try {
    const canvas = new OffscreenCanvas(crop.width, crop.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas.');
    context.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    bitmap.close();
  }
}

/**
 * The bytes of a base64 `data:` URL (what `captureVisibleTab` returns), decoded here: the pages'
 * CSP (connect-src) does not let `fetch` read data: URLs.
 */
export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:(image\/(?:png|jpeg));base64,/.exec(dataUrl);
  if (!match) throw new Error('Not a PNG or JPEG data URL.');
  const binary = atob(dataUrl.slice(match[0].length));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return new Blob([bytes], { type: match[1] });
}
