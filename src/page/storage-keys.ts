/** Local-store keys of the page tools (src/platform/local-store.ts). */
export const NEVER_SEND_KEY = 'neverSendSites';
export const TOOLBAR_KEY = 'selectionToolbar';
export const TRANSLATE_LANGUAGE_KEY = 'translateLanguage';
