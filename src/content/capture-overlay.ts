/**
 * "Capture a region": the rectangle picker injected into the active tab on demand
 * (entrypoints/capture-overlay.ts, `scripting.executeScript` from the page that attaches), never
 * registered on pages in advance. No framework, no imports beyond types: it must stay a few KB.
 *
 * Safe on a hostile page:
 * - it lives in a CLOSED shadow root created in the content script's isolated world: the page
 *   cannot reach its nodes (`host.shadowRoot` is null) nor our functions;
 * - it reacts only to trusted user events (`event.isTrusted`): a page cannot drag, confirm or
 *   cancel it with synthetic events or `element.click()`;
 * - the result (a rectangle, nothing from the page) goes back only as the injection's return value,
 *   straight to the extension page that injected it: no message any other script could send or
 *   read, no DOM attribute, no `postMessage`.
 * What a page can still do is deny service (remove our element, swallow keys before us): then the
 * pick is cancelled, never confirmed.
 *
 * It covers the viewport (a fixed layer), not the document, so it works the same on long pages;
 * the rectangle is in CSS pixels of the viewport, reported with the viewport's size and
 * `devicePixelRatio` so the extension page can crop the screenshot exactly on high-DPI screens.
 * It removes itself before it answers, and waits for two frames so it is not in the screenshot.
 * It cancels itself when the page is hidden or left (another tab, a navigation): the screenshot
 * must be of the page the user picked on.
 */

/** A rectangle in CSS pixels of the viewport. */
export interface CssRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type OverlayOutcome =
  | { kind: 'region'; rect: CssRect; viewport: { width: number; height: number }; dpr: number; url: string }
  | { kind: 'cancelled' };

/** The overlay's messages (public/_locales/en/messages.json; a unit test checks each exists). */
export const OVERLAY_TEXTS = ['captureOverlay_hint', 'captureOverlay_capture', 'captureOverlay_cancel', 'captureOverlay_label'] as const;
export type OverlayText = (typeof OVERLAY_TEXTS)[number];

/** Smaller than this (CSS px, either side) is a click or a slip, not a rectangle: ignored. */
export const MIN_REGION_PX = 8;

const CSS = `:host{all:initial}
.layer{position:fixed;inset:0;cursor:crosshair;user-select:none;touch-action:none;font:13px system-ui,sans-serif}
.shade{position:absolute;background:#0007}
.box{position:absolute;outline:2px solid #fff;box-shadow:0 0 0 1px #2457d6}
.size,.hint{position:absolute;color:#fff;background:#1b1d21;border-radius:6px;padding:3px 7px;white-space:nowrap}
.hint{left:50%;top:12px;transform:translateX(-50%)}
.bar{position:absolute;display:flex;gap:4px}
button{all:unset;cursor:pointer;color:#fff;background:#1b1d21;padding:5px 10px;border-radius:6px;box-shadow:0 2px 8px #0006}
button.go{background:#2457d6}
button:focus-visible{outline:2px solid #fff}
[hidden]{display:none}`;

function important(element: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
}

/** The rectangle between two points, clamped to the viewport. */
export function rectBetween(a: { x: number; y: number }, b: { x: number; y: number }, viewport: { width: number; height: number }): CssRect {
  const clampX = (value: number) => Math.min(Math.max(value, 0), viewport.width);
  const clampY = (value: number) => Math.min(Math.max(value, 0), viewport.height);
  const x1 = clampX(Math.min(a.x, b.x));
  const y1 = clampY(Math.min(a.y, b.y));
  const x2 = clampX(Math.max(a.x, b.x));
  const y2 = clampY(Math.max(a.y, b.y));
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/**
 * The overlay running in this frame, if any: a second request replaces it. Kept on the isolated
 * world's global (each injection runs the file anew; the page's own world cannot see this one).
 */
const RUNNING = 'keywardCaptureOverlay';
type Running = { cancel(): void } | undefined;
const slot = globalThis as unknown as Record<typeof RUNNING, Running>;

/** Shows the picker and resolves when the user confirms (the region) or cancels. */
export function pickRegion(doc: Document, text: (key: OverlayText) => string): Promise<OverlayOutcome> {
  slot[RUNNING]?.cancel();
  const win = doc.defaultView as Window;
  return new Promise<OverlayOutcome>((resolve) => {
    const host = doc.createElement('div');
    important(host, { all: 'initial', position: 'fixed', inset: '0', 'z-index': '2147483647', display: 'block' });
    const root = host.attachShadow({ mode: 'closed' });
    const make = (tag: string, className: string) => {
      const element = doc.createElement(tag);
      element.className = className;
      return element;
    };
    const style = doc.createElement('style');
    style.textContent = CSS;
    const layer = make('div', 'layer');
    layer.setAttribute('role', 'dialog');
    layer.setAttribute('aria-label', text('captureOverlay_label'));
    layer.tabIndex = -1;
    const shades = [0, 1, 2, 3].map(() => make('div', 'shade'));
    const box = make('div', 'box');
    const size = make('div', 'size');
    const hint = make('div', 'hint');
    hint.textContent = text('captureOverlay_hint');
    const bar = make('div', 'bar');
    const confirmButton = make('button', 'go') as HTMLButtonElement;
    confirmButton.type = 'button';
    confirmButton.textContent = text('captureOverlay_capture');
    const cancelButton = make('button', '') as HTMLButtonElement;
    cancelButton.type = 'button';
    cancelButton.textContent = text('captureOverlay_cancel');
    bar.append(cancelButton, confirmButton);
    layer.append(...shades, box, size, bar, hint);
    root.append(style, layer);

    const viewport = () => ({ width: win.innerWidth, height: win.innerHeight });
    let start: { x: number; y: number } | undefined;
    let rect: CssRect | undefined;
    let done = false;

    const draw = () => {
      const { width, height } = viewport();
      const r = rect ?? { x: 0, y: 0, width: 0, height: 0 };
      const place = (element: HTMLElement, left: number, top: number, w: number, h: number) => {
        element.style.left = `${left}px`;
        element.style.top = `${top}px`;
        element.style.width = `${Math.max(0, w)}px`;
        element.style.height = `${Math.max(0, h)}px`;
      };
      // Everything outside the rectangle is dimmed (the whole viewport before a drag).
      const [top, bottom, left, right] = shades as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
      place(top, 0, 0, width, r.y);
      place(bottom, 0, r.y + r.height, width, height - r.y - r.height);
      place(left, 0, r.y, r.x, r.height);
      place(right, r.x + r.width, r.y, width - r.x - r.width, r.height);
      const shown = rect !== undefined && rect.width > 0 && rect.height > 0;
      box.hidden = !shown;
      size.hidden = !shown;
      const ready = rect !== undefined && rect.width >= MIN_REGION_PX && rect.height >= MIN_REGION_PX && start === undefined;
      bar.hidden = !ready;
      if (!shown || !rect) return;
      place(box, rect.x, rect.y, rect.width, rect.height);
      size.textContent = `${Math.round(rect.width)} × ${Math.round(rect.height)}`;
      size.style.left = `${rect.x}px`;
      size.style.top = `${rect.y >= 28 ? rect.y - 26 : rect.y + 4}px`;
      // The buttons under the rectangle's right edge, or inside it when there is no room below.
      bar.style.left = `${Math.max(4, Math.min(rect.x + rect.width, width - 4) - 150)}px`;
      bar.style.top = `${rect.y + rect.height + 40 <= height ? rect.y + rect.height + 6 : Math.max(4, rect.y + rect.height - 36)}px`;
    };

    const finish = (outcome: OverlayOutcome | 'cancel') => {
      if (done) return;
      done = true;
      if (slot[RUNNING] === handle) slot[RUNNING] = undefined;
      win.removeEventListener('keydown', onKey, true);
      removal.disconnect();
      win.removeEventListener('pagehide', onLeave, true);
      doc.removeEventListener('visibilitychange', onVisibility, true);
      win.removeEventListener('resize', onResize, true);
      host.remove();
      if (outcome === 'cancel') {
        resolve({ kind: 'cancelled' });
        return;
      }
      // Two frames: the one that drops the overlay, and one presented without it.
      let settled = false;
      const answer = () => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      win.requestAnimationFrame(() => win.requestAnimationFrame(answer));
      // A page that stopped painting still answers (the screenshot is then whatever is shown).
      win.setTimeout(answer, 250);
    };

    const confirm = () => {
      if (!host.isConnected || !rect || rect.width < MIN_REGION_PX || rect.height < MIN_REGION_PX) return;
      finish({
        kind: 'region',
        rect: { ...rect },
        viewport: viewport(),
        dpr: win.devicePixelRatio || 1,
        url: win.location.href,
      });
    };
    const handle = { cancel: () => finish('cancel') };
    slot[RUNNING] = handle;

    const point = (event: PointerEvent) => ({ x: event.clientX, y: event.clientY });
    layer.addEventListener('pointerdown', (event) => {
      event.stopPropagation();
      // The buttons stop their own presses, so any press that reaches the layer starts a drag.
      if (!event.isTrusted || event.button !== 0) return;
      event.preventDefault();
      start = point(event);
      rect = rectBetween(start, start, viewport());
      layer.setPointerCapture(event.pointerId);
      draw();
    });
    layer.addEventListener('pointermove', (event) => {
      event.stopPropagation();
      if (!event.isTrusted || !start) return;
      rect = rectBetween(start, point(event), viewport());
      draw();
    });
    const endDrag = (event: PointerEvent) => {
      event.stopPropagation();
      if (!event.isTrusted || !start) return;
      rect = rectBetween(start, point(event), viewport());
      start = undefined;
      // A tiny drag (a click) is ignored: the previous rectangle, if any, is gone too.
      if (rect.width < MIN_REGION_PX || rect.height < MIN_REGION_PX) rect = undefined;
      draw();
      if (rect) confirmButton.focus();
    };
    layer.addEventListener('pointerup', endDrag);
    layer.addEventListener('pointercancel', endDrag);
    confirmButton.addEventListener('pointerdown', (event) => event.stopPropagation());
    cancelButton.addEventListener('pointerdown', (event) => event.stopPropagation());
    confirmButton.addEventListener('click', (event) => {
      event.stopPropagation();
      if (event.isTrusted) confirm();
    });
    cancelButton.addEventListener('click', (event) => {
      event.stopPropagation();
      if (event.isTrusted) finish('cancel');
    });

    const onKey = (event: KeyboardEvent) => {
      if (!event.isTrusted) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopImmediatePropagation();
        finish('cancel');
      } else if (event.key === 'Enter') {
        event.preventDefault();
        event.stopImmediatePropagation();
        confirm();
      }
    };
    const onLeave = () => finish('cancel');
    const onVisibility = () => {
      if (doc.visibilityState === 'hidden') finish('cancel');
    };
    const onResize = () => {
      if (rect) rect = rectBetween({ x: rect.x, y: rect.y }, { x: rect.x + rect.width, y: rect.y + rect.height }, viewport());
      draw();
    };
    // On the window, capturing: the earliest place an extension can listen.
    win.addEventListener('keydown', onKey, true);
    win.addEventListener('pagehide', onLeave, true);
    doc.addEventListener('visibilitychange', onVisibility, true);
    win.addEventListener('resize', onResize, true);

    // A page that takes our layer away cancels the pick rather than leaving it waiting.
    const removal = new MutationObserver(() => {
      if (!host.isConnected) finish('cancel');
    });

    draw();
    doc.documentElement.append(host);
    removal.observe(doc.documentElement, { childList: true });
    layer.focus({ preventScroll: true });
  });
}
