import { defineConfig } from 'wxt';
import type { AliasOptions } from 'vite';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_PROVIDER_HOSTS } from './src/providers/hosts';

/** pdf.js's WebAssembly decoders a scanned PDF's images may need (the others, fonts and colour profiles, are not used for attachments). */
const PDFJS_WASM_FILES = ['jbig2.wasm', 'openjpeg.wasm', 'LICENSE_JBIG2', 'LICENSE_OPENJPEG', 'LICENSE_PDFJS_JBIG2', 'LICENSE_PDFJS_OPENJPEG'];

const OPEN_PANEL_SHORTCUT = { default: 'Alt+Shift+K' };

// The in-browser model's runtime WebAssembly (onnxruntime-web's asyncify build, 25.6 MiB; 6.4 MiB
// zipped) is shipped once, as the asset Vite emits for src/local-model/host.ts (ORT_WASM_FILE).

/**
 * Content security policy of the extension's pages and worker, stated in full rather than left to
 * the browsers' default (issue 11, defence in depth):
 * - scripts only from the package, plus 'wasm-unsafe-eval' for the vault's Argon2id (hash-wasm,
 *   WebAssembly compiled from bytes inside our own bundle; nothing is fetched); no 'unsafe-eval';
 * - no plugins, no <base>, no form posts anywhere, no frames, nothing but our own files by default;
 * - images only from the package and from data:/blob: URLs the page made itself (answers never
 *   show remote images: src/ui/chat/markdown);
 * - styles from the package, and inline style attributes (React and the chart library set them);
 * - connect-src: the worker calls provider APIs and servers the user adds (https, and http for
 *   local servers), so any http(s) origin can be named here; which origin a key may really reach is
 *   decided in the worker before anything leaves (src/providers/egress.ts).
 * frame-ancestors 'none' only in Chromium: Firefox draws the sidebar and popup in browser frames.
 * frame-src 'none' in Firefox too, although its background page holds the in-browser model's page in
 * a hidden frame (src/platform/hidden-page.ts): Firefox loads an extension's own page into its own
 * frame under this policy (Firefox ESR 153; tests/firefox/in-browser-model.test.ts fails if it stops
 * doing so), so nothing is loosened for it. The model's page needs only 'wasm-unsafe-eval' (ONNX
 * Runtime's WebAssembly, shipped in the package) and one thread (no worker, no blob: script).
 * WXT turns the object into MV2's plain string for the Firefox build.
 */
function extensionPagesCsp(browser: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    ...(browser === 'firefox' ? [] : ["frame-ancestors 'none'"]),
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "media-src 'none'",
    "worker-src 'self'",
    "connect-src 'self' https: http:",
  ].join('; ');
}

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
    'build:publicAssets': (wxt, files) => {
      // pdf.js's image decoders for scanned PDFs (JBIG2 and JPEG 2000, WebAssembly with their licences),
      // shipped in the package and read from it (src/attachments/pdf-loader.ts): nothing is fetched from elsewhere.
      for (const name of PDFJS_WASM_FILES) files.push({ absoluteSrc: fileURLToPath(new URL(`./node_modules/pdfjs-dist/wasm/${name}`, import.meta.url)), relativeDest: `pdfjs/wasm/${name}` });
    },
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      if (entrypoints.some((entrypoint) => entrypoint.type === 'background')) {
        viteConfig.resolve = { ...viteConfig.resolve, alias: withoutPolyfill(viteConfig.resolve?.alias) };
      }
    },
  },
  manifest: ({ browser }) => ({
    // The words are in public/_locales (en is the default), like all of the extension's text.
    name: '__MSG_extName__',
    short_name: '__MSG_extShortName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // scripting + activeTab: "Use this page" injects page-extract.js into the active tab on demand;
    // activeTab gives access to the tab where the user opened Keyward (toolbar button, context
    // menu, keyboard shortcut), and any other site is asked for at the moment the user wants it
    // read (optional_host_permissions). scripting also registers the selection toolbar's script
    // while the user has it on (src/page/toolbar-script.ts). The same activeTab lets "Capture this
    // tab" and "Capture a region" take a screenshot (tabs.captureVisibleTab accepts activeTab or
    // <all_urls>, nothing narrower) and put the region picker on the page: no permission of their own
    // (README.md, "Permissions").
    // contextMenus: "Open Keyward side panel" and the selection actions. The side panel permission
    // (Chrome) and sidebar_action (Firefox) come from entrypoints/sidepanel.
    // declarativeNetRequestWithHostAccess (Chrome; no install warning, acts only on hosts the user
    // granted) and webRequest + webRequestBlocking (Firefox MV2): the extension's own requests to
    // the local model servers the user configured go without an Origin header, so a server that
    // refuses extensions (Ollama by default) answers with no change to its settings
    // (src/platform/extension-origin.ts). Web pages' requests are never touched.
    // offscreen (Chrome): the in-browser model runs in an offscreen document the worker opens when
    // it is asked a question and closes when idle (src/local-model/host-client.ts).
    permissions: [
      'storage',
      'alarms',
      'scripting',
      'activeTab',
      'contextMenus',
      ...(browser === 'firefox' ? ['webRequest', 'webRequestBlocking'] : ['declarativeNetRequestWithHostAccess', 'offscreen']),
    ],
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
        ? { _execute_sidebar_action: { suggested_key: OPEN_PANEL_SHORTCUT, description: '__MSG_command_openSidebar__' } }
        : { 'open-side-panel': { suggested_key: OPEN_PANEL_SHORTCUT, description: '__MSG_command_openSidePanel__' } },
    content_security_policy: { extension_pages: extensionPagesCsp(browser) },
    // Chrome: the organisation policy an administrator may set (README.md, "For organisations"),
    // which Chrome reads from its 3rdparty extension policy and checks against this schema's types
    // before storage.managed shows it; src/policy/schema.ts checks it whole. Firefox reads the same
    // policy from policies.json without a schema in the manifest.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
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
