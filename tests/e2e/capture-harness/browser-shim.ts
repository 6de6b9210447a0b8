// The harness page's `wxt/browser`: the browser's own promise-based namespace (`browser` in
// Firefox, `chrome` in Chromium Manifest V3), as the extension's worker uses it; the pages'
// polyfill adds nothing the capture needs.
const api = globalThis as unknown as { browser?: unknown; chrome?: unknown };
export const browser = api.browser ?? api.chrome;
