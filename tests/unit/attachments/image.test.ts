import { describe, expect, it } from 'vitest';
import { encodeToFit, encodingAttempts, fitWithin, hasMetadataMarker, hasTransparency, ImageTooLargeError, SMALL_PNG_PIXELS, type EncodeAttempt } from '@/src/attachments/image';
import { ATTACHMENT_LIMITS } from '@/src/attachments/types';

describe('image downscale decisions', () => {
  it('fits a 4000 x 3000 photo to the longest side a model uses, keeping its shape', () => {
    expect(fitWithin({ width: 4000, height: 3000 })).toEqual({ width: ATTACHMENT_LIMITS.maxImageSide, height: 1536 });
    expect(fitWithin({ width: 1000, height: 6000 })).toEqual({ width: 341, height: ATTACHMENT_LIMITS.maxImageSide });
  });

  it('never enlarges a small picture nor makes a side zero', () => {
    expect(fitWithin({ width: 640, height: 480 })).toEqual({ width: 640, height: 480 });
    expect(fitWithin({ width: 100_000, height: 1 })).toEqual({ width: ATTACHMENT_LIMITS.maxImageSide, height: 1 });
  });
});

describe('re-encoding decisions', () => {
  it('makes an opaque image JPEG, lowering the quality before the size', () => {
    const attempts = encodingAttempts(false, { width: 2048, height: 1536 });
    expect(attempts.every((attempt) => attempt.type === 'image/jpeg')).toBe(true);
    expect(attempts[0]).toEqual({ type: 'image/jpeg', quality: 0.9, scale: 1 });
    const firstSmaller = attempts.findIndex((attempt) => attempt.scale < 1);
    expect(attempts.slice(0, firstSmaller).map((attempt) => attempt.quality)).toEqual([0.9, 0.8, 0.7, 0.6]);
    expect(attempts.slice(firstSmaller).map((attempt) => attempt.scale)).toEqual([0.75, 0.5, 0.35, 0.25]);
  });

  it('keeps a small transparent image PNG first, then WebP (which keeps the transparency)', () => {
    const attempts = encodingAttempts(true, { width: 512, height: 512 });
    expect(attempts[0]).toEqual({ type: 'image/png', scale: 1 });
    expect(attempts.slice(1).every((attempt) => attempt.type === 'image/webp')).toBe(true);
  });

  it('does not try PNG for a large transparent image', () => {
    const side = Math.ceil(Math.sqrt(SMALL_PNG_PIXELS)) + 1;
    expect(encodingAttempts(true, { width: side, height: side })[0]?.type).toBe('image/webp');
  });

  it('keeps the first encoding under the size limit', async () => {
    const tried: EncodeAttempt[] = [];
    const sizes = [9_000_000, 6_000_000, 4_000_000];
    const { blob, attempt } = await encodeToFit(encodingAttempts(false, { width: 2048, height: 1536 }), async (step) => {
      tried.push(step);
      return new Blob([new Uint8Array(sizes[tried.length - 1] ?? 1)]);
    }, 5_000_000);
    expect(tried).toHaveLength(3);
    expect(attempt).toEqual({ type: 'image/jpeg', quality: 0.7, scale: 1 });
    expect(blob.size).toBe(4_000_000);
  });

  it('gives up with a clear error when no encoding fits', async () => {
    await expect(encodeToFit(encodingAttempts(false, { width: 10, height: 10 }), async () => new Blob([new Uint8Array(11)]), 10)).rejects.toBeInstanceOf(ImageTooLargeError);
  });

  it('tells transparent pixels from opaque ones', () => {
    expect(hasTransparency(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]))).toBe(false);
    expect(hasTransparency(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 254]))).toBe(true);
  });
});

describe('metadata detection', () => {
  const bytes = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? Array.from(part, (char) => char.charCodeAt(0)) : part)));

  it("finds a JPEG's EXIF block, a PNG's eXIf chunk and XMP", () => {
    expect(hasMetadataMarker(bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], 'Exif\0\0', [0x4d, 0x4d]))).toBe(true);
    expect(hasMetadataMarker(bytes([0x89], 'PNG\r\n', [0, 0, 0, 8], 'eXIf', [1, 2]))).toBe(true);
    expect(hasMetadataMarker(bytes([0xff, 0xd8, 0xff, 0xe1], 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>'))).toBe(true);
  });

  it('finds none in a plain JPEG head', () => {
    expect(hasMetadataMarker(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0]))).toBe(false);
    expect(hasMetadataMarker(bytes('Exif'))).toBe(false);
  });
});
