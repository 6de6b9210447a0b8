import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useCaptureActions } from '@/src/ui/capture/use-capture-actions';
import type { AttachmentSource } from '@/src/attachments/types';

/**
 * A test page inside a copy of the built extension (tests/e2e/fixtures/capture-harness.ts): it
 * renders the two capture items of `useCaptureActions` as buttons, as the composer's attach menu
 * does, and shows what reached `addAttachments`: each file's name, type, size, pixel size and the
 * colours at its centre and corners (so a test sees what was cut out, and that the overlay was not
 * in the screenshot). Only for tests: the shipped build has no such page.
 */

interface Seen {
  source: AttachmentSource;
  name: string;
  type: string;
  bytes: number;
  width: number;
  height: number;
  /** [r, g, b] at the centre, top-left, top-right, bottom-left, bottom-right pixels. */
  pixels: number[][];
}

async function describe(file: File, source: AttachmentSource): Promise<Seen> {
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.drawImage(bitmap, 0, 0);
  const at = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
  const w = bitmap.width;
  const h = bitmap.height;
  return {
    source,
    name: file.name,
    type: file.type,
    bytes: file.size,
    width: w,
    height: h,
    pixels: [at(w >> 1, h >> 1), at(0, 0), at(w - 1, 0), at(0, h - 1), at(w - 1, h - 1)],
  };
}

function Harness() {
  const [seen, setSeen] = useState<Seen[]>([]);
  const actions = useCaptureActions(async (files, source) => {
    const described = await Promise.all(files.map((file) => describe(file, source)));
    setSeen((list) => [...list, ...described]);
  });
  return createElement(
    'main',
    null,
    ...actions.items.map((item) => createElement('button', { key: item.id, type: 'button', disabled: item.disabled, title: item.disabledReason, onClick: item.onSelect }, item.label)),
    createElement('p', { 'data-testid': 'busy' }, actions.busy ? 'busy' : 'idle'),
    createElement('p', { 'data-testid': 'error' }, actions.error ?? ''),
    createElement('pre', { 'data-testid': 'files' }, JSON.stringify(seen)),
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(createElement(Harness));
