import { defineConfig } from 'wxt';
import type { AliasOptions } from 'vite';
import { BUILT_IN_PROVIDER_HOSTS } from './src/providers/hosts';

const OPEN_PANEL_SHORTCUT = { default: 'Alt+Shift+K' };

/**
 * Content security policy of the extension's pages and worker: the browsers' default plus
 * 'wasm-unsafe-eval', which lets the vault's Argon2id run (hash-wasm, WebAssembly compiled from
 * bytes inside our own bundle; nothing is fetched). Chrome's MV3 default blocks WebAssembly, and
 * Firefox only tolerates it in MV2 for now. 'unsafe-eval' and remote sources stay off. WXT turns
 * the object into MV2's plain string for the Firefox build. Other directives (img-src, connect-src…)
 * belong in this one constant when they are needed.
 */
const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

/**
 * The service worker uses the browser's own promise-based namespace (`browser` in Firefox,
 * `chrome` in Chromium MV3) instead of webextension-polyfill: every API it calls returns promises
 * natively there, and the 9 KB it saves keep the worker inside its size budget (scripts/check-sizes.mjs) (it wakes often,
 * and its size lands on the first token). Pages keep the polyfill.
 */
function withoutPolyfill(alias: AliasOptions | undefined): AliasOptions {
  const native = '@wxt-dev/browser';
  if (Array.isArray(alias)) return [...alias.filter((entry) => entry.find !== 'wxt/browser'), { find: 'wxt/browser', replacement: native }];
  return { ...(alias as Record<string, string> | undefined), 'wxt/browser': native };
}

export default defineConfig({
  // KEYWARD_OUT_DIR lets two builds run side by side (e.g. a throwaway build with a protection removed).
  ...(process.env.KEYWARD_OUT_DIR ? { outDir: process.env.KEYWARD_OUT_DIR } : {}),
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  hooks: {
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      if (entrypoints.some((entrypoint) => entrypoint.type === 'background')) {
        viteConfig.resolve = { ...viteConfig.resolve, alias: withoutPolyfill(viteConfig.resolve?.alias) };
      }
    },
  },
  manifest: ({ browser }) => ({
    name: 'Keyward: bring your own key AI',
    short_name: 'Keyward',
    description:
      'Chat with any AI model using your own provider keys, encrypted in your browser. Popup, side panel and selection tools, with spend tracking.',
    // scripting + activeTab: "Use this page" injects page-extract.js into the active tab on demand;
    // activeTab gives access to the tab where the user opened Keyward (toolbar button, context
    // menu, keyboard shortcut), and any other site is asked for at the moment the user wants it
    // read (optional_host_permissions). scripting also registers the selection toolbar's script
    // while the user has it on (src/page/toolbar-script.ts).
    // contextMenus: "Open Keyward side panel" and the selection actions. The side panel permission
    // (Chrome) and sidebar_action (Firefox) come from entrypoints/sidepanel.
    permissions: ['storage', 'alarms', 'scripting', 'activeTab', 'contextMenus'],
    // Provider APIs at fixed hosts. Nothing else: an Azure resource, a Bedrock region, a local or
    // self-hosted server, a proxy, or a site whose page the user asks Keyward to read is asked for,
    // exactly, when the user does that; the selection toolbar asks for all sites when turned on.
    host_permissions: [...BUILT_IN_PROVIDER_HOSTS],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Manifest V2 (the Firefox build) has no optional_host_permissions and WXT drops the key there.
    ...(browser === 'firefox' ? { optional_permissions: ['https://*/*', 'http://*/*'] } : {}),
    // No content_scripts: in Chromium a content script's match patterns grant host access too, so an
    // always-on <all_urls> script would open every host to the worker's fetch whatever the prompts
    // said. The selection toolbar's script is registered at run time, only while it is on.
    // Chrome has no built-in command for the side panel: the background opens it on this command.
    // Firefox toggles its sidebar itself with _execute_sidebar_action.
    commands:
      browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: OPEN_PANEL_SHORTCUT, description: 'Open the Keyward sidebar' } }
        : { 'open-side-panel': { suggested_key: OPEN_PANEL_SHORTCUT, description: 'Open the Keyward side panel' } },
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    // Firefox only (Chrome warns about the unknown key).
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'keyward@keyward.dev',
              strict_min_version: '140.0',
              // What reaches a third party: the user's messages and, when the user asks, page text,
              // both sent only to the provider the user chose with their own key. Nothing goes to us.
              data_collection_permissions: { required: ['websiteContent', 'personalCommunications'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
