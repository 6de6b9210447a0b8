import { startPageBridge, type I18nLike, type RuntimeLike } from '@/src/content/page-bridge';

// The selection toolbar's script, registered at run time only while the toolbar is on
// (src/page/toolbar-script.ts). An unlisted script, so WXT's content-script wrapper and the
// polyfill stay out of it: it must remain a few KB (scripts/check-sizes.mjs allows 10 KB).
export default defineUnlistedScript(() => {
  type Api = { runtime?: RuntimeLike; i18n?: I18nLike };
  const api = globalThis as { browser?: Api; chrome?: Api };
  const ns = api.browser?.runtime ? api.browser : api.chrome;
  if (ns?.runtime) startPageBridge(ns.runtime, ns.i18n);
});
