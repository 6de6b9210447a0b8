import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noUnsanitized from 'eslint-plugin-no-unsanitized';

/**
 * The architecture's zones, enforced here rather than remembered (issue 13; README "Architecture").
 * `no-restricted-imports` keeps only the options of the last config object that matches a file, so
 * each zone below lists every restriction that applies to it.
 */
const SOURCE = '**/*.{ts,tsx}';
const noUi = {
  regex: '^(@/src/ui|(\\.\\./)+ui)(/|$)',
  message: 'Only src/ui and the page entrypoints import src/ui: move what is shared into its domain.',
};
const noBackground = {
  regex: '^(@/src/background|(\\.\\./)+background)(/|$)',
  message: 'Domains do not import src/background: the worker wires domains together, not the other way round.',
};
const noRawBrowser = {
  regex: '^((@/src/|(\\.\\./)+)platform/browser(\\.ts)?|wxt/browser|webextension-polyfill|@wxt-dev/browser)$',
  message: 'Browser APIs are used through a wrapper in src/platform (tabs, permissions, side-panel, badge, local-store…).',
};
/** The selection toolbar's script runs in every page while it is on: it may import only its own files. */
const contentOnly = {
  regex: '^(?!\\./|@/src/content/)',
  message: "The page script (src/content) imports only its own files: everything else would ship into every page's script.",
};
const restrict = (...patterns) => ['error', { patterns }];
/** The same restrictions for `import()`, which no-restricted-imports does not see. */
const noDynamicImport = (...patterns) => patterns.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message }));
const noBrowserViaGlobalThis = {
  selector:
    ":matches(MemberExpression[object.name='globalThis'], MemberExpression[object.expression.name='globalThis'])[property.name=/^(browser|chrome)$/]",
  message: 'Use a wrapper in src/platform.',
};

/** A zone's restrictions, for static and dynamic imports; `browserGlobals` also bans `browser`/`chrome` through globalThis. */
const zoneRules = (patterns, browserGlobals) => ({
  'no-restricted-imports': restrict(...patterns),
  'no-restricted-syntax': ['error', ...(browserGlobals ? [noBrowserViaGlobalThis] : []), ...noDynamicImport(...patterns)],
});

const ZONES = {
  domains: { files: [`src/${SOURCE}`], ignores: ['src/ui/**', 'src/platform/**', 'src/background/**', 'src/content/**'] },
  ui: { files: [`src/ui/${SOURCE}`] },
  background: { files: [`src/background/${SOURCE}`] },
  platform: { files: [`src/platform/${SOURCE}`] },
  content: { files: [`src/content/${SOURCE}`] },
  /** Its entrypoint finds `browser` or `chrome` on globalThis itself, to stay free of the polyfill. */
  contentEntry: { files: ['entrypoints/page-bridge.ts'] },
};

/**
 * Files that still use the raw browser object, each until its wrapper exists in src/platform.
 * TODO(issue 13): runtime messaging (the messaging client, the chat port's client); the chat
 * client moves with the chat port part of issue 13.
 */
const RAW_BROWSER_DOMAINS = [
  'src/chat/chat-client.ts',
  'src/messaging/client.ts',
];
/** The worker's wiring: its listeners and the chat port, until they have wrappers of their own. TODO(issue 13). */
const RAW_BROWSER_BACKGROUND = [
  'src/background/chat-port.ts',
  'src/background/selection-actions.ts',
  'src/background/start.ts',
  'src/background/context-menu.ts',
  'src/background/keep-alive.ts',
];
/** TODO(issue 13): chat-streams.ts imports src/background; the chat-port part of issue 13 removes that, then remove this entry. */
const BACKGROUND_IMPORT_EXCEPTIONS = ['src/chat/chat-streams.ts'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    languageOptions: {
      globals: {
        defineBackground: 'readonly',
        defineContentScript: 'readonly',
        defineUnlistedScript: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['scripts/**', 'tests/**', '*.config.*'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: { 'no-console': 'off' },
  },

  // Zones. Entry points (entrypoints/) are thin wiring and may use the browser directly.
  { ...ZONES.domains, rules: zoneRules([noUi, noBackground, noRawBrowser], true) },
  { ...ZONES.ui, rules: zoneRules([noBackground, noRawBrowser], true) },
  { ...ZONES.background, rules: zoneRules([noUi, noRawBrowser], true) },
  { ...ZONES.platform, rules: zoneRules([noUi, noBackground], false) },
  { ...ZONES.content, rules: zoneRules([contentOnly], true) },
  { ...ZONES.contentEntry, rules: zoneRules([contentOnly], false) },
  {
    // The browser's globals only in src/platform (zoneRules bans reaching them through globalThis).
    files: [`src/${SOURCE}`],
    ignores: ['src/platform/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'browser', message: 'Use a wrapper in src/platform.' },
        { name: 'chrome', message: 'Use a wrapper in src/platform.' },
      ],
    },
  },

  // Allowlists, each with the zone's other restrictions.
  { files: RAW_BROWSER_DOMAINS, rules: zoneRules([noUi, noBackground], true) },
  { files: RAW_BROWSER_BACKGROUND, rules: zoneRules([noUi], true) },
  { files: BACKGROUND_IMPORT_EXCEPTIONS, rules: zoneRules([noUi, noRawBrowser], true) },
);
