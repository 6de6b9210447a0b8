import { ATTACHMENT_LIMITS, type ImageType } from './types';

/**
 * Images made fit in the page before anything is stored or sent (issue 16): decoded (with the
 * camera's orientation applied), downscaled to the longest side a seeing model uses, and encoded
 * again, which leaves every metadata block behind (EXIF, GPS, XMP, ICC text): only pixels are
 * written. The decisions are plain functions (tested); the browser part (createImageBitmap,
 * OffscreenCanvas) runs them.
 */

/** Image types the browsers decode; anything else typed image/* is not offered as an image. */
export const DECODABLE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/bmp', 'image/avif', 'image/x-icon', 'image/vnd.microsoft.icon'];

/** Transparent PNGs at most this many pixels stay PNG (icons, diagrams); larger ones become WebP, which keeps the transparency at a fraction of the bytes. */
export const SMALL_PNG_PIXELS = 1024 * 1024;

export interface Size {
  width: number;
  height: number;
}

/** The size that fits `maxSide` on its longest side, keeping the aspect ratio; never enlarged, never below 1 px. */
export function fitWithin({ width, height }: Size, maxSide: number = ATTACHMENT_LIMITS.maxImageSide): Size {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface EncodeAttempt {
  type: Extract<ImageType, 'image/png' | 'image/jpeg' | 'image/webp'>;
  /** JPEG and WebP quality, 0-1. */
  quality?: number;
  /** Share of the fitted size (1: the fitted size itself). */
  scale: number;
}

const QUALITIES = [0.9, 0.8, 0.7, 0.6] as const;
/** When the lowest quality is still too heavy, the picture shrinks instead (each step about half the pixels of the one before). */
const SCALES = [0.75, 0.5, 0.35, 0.25] as const;

/**
 * The encodings to try, in order, until one weighs at most `maxImageBytes`: the first is what the
 * image should be; later ones lower the quality, then the size. A transparent image keeps its
 * transparency (PNG while small, else WebP); an opaque one becomes JPEG, which every seeing
 * provider takes and which is a photo's smallest form.
 */
export function encodingAttempts(transparent: boolean, fitted: Size): EncodeAttempt[] {
  const lossy: EncodeAttempt['type'] = transparent ? 'image/webp' : 'image/jpeg';
  const attempts: EncodeAttempt[] = [];
  if (transparent && fitted.width * fitted.height <= SMALL_PNG_PIXELS) attempts.push({ type: 'image/png', scale: 1 });
  for (const quality of QUALITIES) attempts.push({ type: lossy, quality, scale: 1 });
  for (const scale of SCALES) attempts.push({ type: lossy, quality: 0.7, scale });
  return attempts;
}

/** No encoding got the image under the size limit (a noise-like picture). */
export class ImageTooLargeError extends Error {
  constructor() {
    super('image too large after re-encoding');
    this.name = 'ImageTooLargeError';
  }
}

/** The file could not be decoded as an image. */
export class CorruptImageError extends Error {
  constructor() {
    super('image could not be decoded');
    this.name = 'CorruptImageError';
  }
}

/** Tries `attempts` in order and keeps the first that fits `maxBytes`. */
export async function encodeToFit(
  attempts: readonly EncodeAttempt[],
  encode: (attempt: EncodeAttempt) => Promise<Blob>,
  maxBytes: number = ATTACHMENT_LIMITS.maxImageBytes,
): Promise<{ blob: Blob; attempt: EncodeAttempt }> {
  for (const attempt of attempts) {
    const blob = await encode(attempt);
    if (blob.size <= maxBytes) return { blob, attempt };
  }
  throw new ImageTooLargeError();
}

/** Whether RGBA pixels have any that are not fully opaque. */
export function hasTransparency(rgba: Uint8ClampedArray): boolean {
  for (let index = 3; index < rgba.length; index += 4) if (rgba[index] !== 255) return true;
  return false;
}

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
const MARKERS = [ascii('Exif\0\0'), ascii('eXIf'), ascii('EXIF'), ascii('http://ns.adobe.com/xap/1.0/')];

function includesAt(bytes: Uint8Array, marker: readonly number[], at: number): boolean {
  for (let index = 0; index < marker.length; index++) if (bytes[at + index] !== marker[index]) return false;
  return true;
}

/**
 * Whether a file's head carries an EXIF or XMP block: JPEG's APP1 "Exif" or XMP, PNG's eXIf chunk,
 * WebP's EXIF chunk. The chip then says "metadata removed" (re-encoding drops it in any case).
 */
export function hasMetadataMarker(head: Uint8Array): boolean {
  for (let at = 0; at < head.length; at++) {
    for (const marker of MARKERS) if (head[at] === marker[0] && includesAt(head, marker, at)) return true;
  }
  return false;
}

/** What reading an image produced: the bytes to store and send, and what the chip tells about them. */
export interface ImageRead {
  blob: Blob;
  mime: EncodeAttempt['type'];
  width: number;
  height: number;
  /** The picture's size as chosen, when it was downscaled. */
  original?: Size;
  removed?: 'location' | 'metadata';
}

/**
 * Whether a photo carries a GPS position (exifr's lite build reads JPEG and HEIC, where cameras and
 * phones write it; loaded only now). A file it cannot read counts as none: the position is removed
 * either way, only the chip's word depends on it.
 */
async function hasLocation(file: Blob): Promise<boolean> {
  try {
    const exifr = await import('exifr/dist/lite.esm.mjs');
    const gps = await exifr.gps(file);
    return gps !== undefined && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude);
  } catch {
    return false;
  }
}

async function render(bitmap: ImageBitmap, size: Size): Promise<OffscreenCanvas> {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d');
  if (!context) throw new CorruptImageError();
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  return canvas;
}

/**
 * Reads an image file in the page: decodes it with the orientation its EXIF names applied, fits it to
 * `ATTACHMENT_LIMITS.maxImageSide`, and encodes it again until it weighs at most `maxImageBytes`.
 * Throws CorruptImageError (not decodable) or ImageTooLargeError.
 */
export async function readImage(file: Blob): Promise<ImageRead> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new CorruptImageError();
  }
  try {
    const original = { width: bitmap.width, height: bitmap.height };
    const fitted = fitWithin(original);
    const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
    const [location, canvas] = await Promise.all([hasLocation(file), render(bitmap, fitted)]);
    // Only types that can hold transparency are scanned for it (a JPEG never has any).
    const mayBeTransparent = file.type !== 'image/jpeg';
    const context = canvas.getContext('2d');
    const transparent = mayBeTransparent && context !== null && hasTransparency(context.getImageData(0, 0, fitted.width, fitted.height).data);
    const { blob, attempt } = await encodeToFit(encodingAttempts(transparent, fitted), async (step) => {
      const target = step.scale === 1 ? canvas : await render(bitmap, { width: Math.max(1, Math.round(fitted.width * step.scale)), height: Math.max(1, Math.round(fitted.height * step.scale)) });
      return target.convertToBlob({ type: step.type, ...(step.quality === undefined ? {} : { quality: step.quality }) });
    });
    const width = Math.max(1, Math.round(fitted.width * attempt.scale));
    const height = Math.max(1, Math.round(fitted.height * attempt.scale));
    const result: ImageRead = { blob, mime: attempt.type, width, height };
    if (width !== original.width || height !== original.height) result.original = original;
    if (location) result.removed = 'location';
    else if (hasMetadataMarker(head)) result.removed = 'metadata';
    return result;
  } finally {
    bitmap.close();
  }
}
