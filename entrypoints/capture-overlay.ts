import { pickRegion, type OverlayText } from '@/src/content/capture-overlay';

/**
 * "Capture a region": injected on demand into the active tab's top frame with
 * `scripting.executeScript`, after the user chose the menu item (src/attachments/capture.ts).
 * Never declared as a content script and not web-accessible. Its value (a promise the browser
 * waits for) is the injection's result: the rectangle the user picked, or `cancelled`. An unlisted
 * script without the polyfill: it only needs the browser's message lookup for its words.
 */
export default defineUnlistedScript(() => {
  type Api = { i18n?: { getMessage(name: string): string } };
  const api = globalThis as { browser?: Api; chrome?: Api };
  const i18n = api.browser?.i18n ?? api.chrome?.i18n;
  return pickRegion(document, (key: OverlayText) => i18n?.getMessage(key) || key);
});
