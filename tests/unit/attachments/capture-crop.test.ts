import { describe, expect, it } from 'vitest';
import { captureScale, cropRect, dataUrlToBlob } from '@/src/attachments/capture-crop';
import { OVERLAY_TEXTS, rectBetween } from '@/src/content/capture-overlay';
import { englishMessages } from '../helpers/i18n-fake';

const viewport = { width: 1280, height: 720 };

describe('the region crop: CSS pixels of the viewport onto the screenshot', () => {
  it('at devicePixelRatio 1 the rectangle is the crop', () => {
    expect(cropRect({ x: 100, y: 50, width: 300, height: 200 }, viewport, 1, { width: 1280, height: 720 })).toEqual({ x: 100, y: 50, width: 300, height: 200 });
  });

  it('at devicePixelRatio 2 every side is doubled (high-DPI screens)', () => {
    expect(cropRect({ x: 100, y: 50, width: 300, height: 200 }, viewport, 2, { width: 2560, height: 1440 })).toEqual({ x: 200, y: 100, width: 600, height: 400 });
  });

  it('fractional ratios and positions widen outwards to whole pixels', () => {
    // 1.5 × (10.5 … 110.25) = 15.75 … 165.375 → pixels 15 … 166.
    expect(cropRect({ x: 10.5, y: 0, width: 99.75, height: 10 }, viewport, 1.5, { width: 1920, height: 1080 })).toEqual({ x: 15, y: 0, width: 151, height: 15 });
  });

  it('is clamped to the image: a rectangle running past the edge stops at it', () => {
    expect(cropRect({ x: 1200, y: 700, width: 200, height: 100 }, viewport, 2, { width: 2560, height: 1440 })).toEqual({ x: 2400, y: 1400, width: 160, height: 40 });
    expect(cropRect({ x: -20, y: -10, width: 50, height: 30 }, viewport, 1, { width: 1280, height: 720 })).toEqual({ x: 0, y: 0, width: 30, height: 20 });
  });

  it('nothing inside the image is no crop', () => {
    expect(cropRect({ x: 1300, y: 10, width: 50, height: 50 }, viewport, 1, { width: 1280, height: 720 })).toBeUndefined();
    expect(cropRect({ x: 10, y: 10, width: 0, height: 50 }, viewport, 1, { width: 1280, height: 720 })).toBeUndefined();
  });

  it('an image at another density than devicePixelRatio says (a resized window, Firefox’s scale) is cropped by its own ratio', () => {
    expect(captureScale(viewport, 2, { width: 1280, height: 720 })).toEqual({ x: 1, y: 1 });
    expect(cropRect({ x: 100, y: 50, width: 300, height: 200 }, viewport, 2, { width: 1920, height: 1080 })).toEqual({ x: 150, y: 75, width: 450, height: 300 });
    // Rounding of the screen's pixels (a 1279.5 px viewport at 2x) keeps devicePixelRatio.
    expect(captureScale({ width: 1279.5, height: 720 }, 2, { width: 2560, height: 1440 })).toEqual({ x: 2, y: 2 });
  });
});

describe('the overlay’s rectangle', () => {
  it('is the same whichever way the user drags, and stays inside the viewport', () => {
    expect(rectBetween({ x: 300, y: 200 }, { x: 100, y: 50 }, viewport)).toEqual({ x: 100, y: 50, width: 200, height: 150 });
    expect(rectBetween({ x: 1200, y: 600 }, { x: 1500, y: 900 }, viewport)).toEqual({ x: 1200, y: 600, width: 80, height: 120 });
    expect(rectBetween({ x: 10, y: 10 }, { x: -40, y: -40 }, viewport)).toEqual({ x: 0, y: 0, width: 10, height: 10 });
  });
});

describe('the overlay’s words', () => {
  it('each is a message of the extension (the overlay looks them up with the browser’s i18n)', () => {
    for (const key of OVERLAY_TEXTS) expect(englishMessages[key], key).toBeTruthy();
  });
});

describe('the screenshot’s data URL', () => {
  it('is decoded to its bytes with its type; anything but a PNG or JPEG image is refused', async () => {
    const blob = dataUrlToBlob(`data:image/png;base64,${btoa('\x89PNG\r\n')}`);
    expect(blob.type).toBe('image/png');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
    expect(() => dataUrlToBlob('data:text/html;base64,PGgxPg==')).toThrow();
    expect(() => dataUrlToBlob('https://example.com/a.png')).toThrow();
  });
});
