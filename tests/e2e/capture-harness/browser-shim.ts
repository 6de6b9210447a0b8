// The harness page's `wxt/browser`: Chromium's own promise-based `chrome` (Manifest V3), as the
// extension's worker uses it; the pages' polyfill adds nothing the capture needs.
export const browser = (globalThis as unknown as { chrome: unknown }).chrome;
