import { ESLint } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';

/**
 * The architecture's zones (eslint.config.js) catch a deliberate violation in each zone, and let the
 * same code through where it is allowed: the lint rules are what keeps the layout, so they are tested.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

/** The zone rules' messages for a snippet linted as if it were the file at `filePath`. */
async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => ['no-restricted-imports', 'no-restricted-globals', 'no-restricted-syntax'].includes(message.ruleId ?? ''))
    .map((message) => message.message);
}

describe('lint zones', () => {
  test.each([
    ['a domain imports src/ui', 'src/history/zone-probe.ts', "import { formatUsd } from '@/src/ui/chat/format';\nexport const probe = formatUsd;", 'Only src/ui'],
    ['a domain imports src/ui relatively', 'src/history/zone-probe.ts', "import { formatUsd } from '../ui/chat/format';\nexport const probe = formatUsd;", 'Only src/ui'],
    ['the worker imports src/ui', 'src/background/zone-probe.ts', "export const probe = () => import('@/src/ui/strings');", 'Only src/ui'],
    ['a domain imports src/background', 'src/vault/zone-probe.ts', "import { startBackground } from '@/src/background/start';\nexport const probe = startBackground;", 'Domains do not import src/background'],
    ['the UI imports src/background', 'src/ui/chat/zone-probe.ts', "import { startBackground } from '@/src/background/start';\nexport const probe = startBackground;", 'Domains do not import src/background'],
    ['a domain imports wxt/browser', 'src/history/zone-probe.ts', "import { browser } from 'wxt/browser';\nexport const probe = browser;", 'wrapper in src/platform'],
    ['a UI file imports the raw browser object', 'src/ui/chat/zone-probe.ts', "import { browser } from '@/src/platform/browser';\nexport const probe = browser;", 'wrapper in src/platform'],
    ['a domain uses the chrome global', 'src/budget/zone-probe.ts', 'export const probe = chrome.runtime.id;', 'wrapper in src/platform'],
    ['a UI file uses the browser global', 'src/ui/popup/zone-probe.ts', 'export const probe = browser.runtime.id;', 'wrapper in src/platform'],
    ['a domain reaches chrome through globalThis', 'src/page/zone-probe.ts', 'export const probe = (globalThis as { chrome?: unknown }).chrome;', 'wrapper in src/platform'],
    ['the page script imports a domain', 'src/content/zone-probe.ts', "import { TOOLBAR_ACTIONS } from '@/src/page/actions';\nexport const probe = TOOLBAR_ACTIONS;", 'imports only its own files'],
    ['the page script entrypoint imports a domain', 'entrypoints/page-bridge.ts', "import { AppError } from '@/src/shared/errors';\nexport const probe = AppError;", 'imports only its own files'],
  ])('%s fails lint', async (_name, filePath, code, expected) => {
    const errors = await zoneErrors(filePath, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(expected);
  });

  test.each([
    ['src/platform uses wxt/browser', 'src/platform/zone-probe.ts', "import { browser } from 'wxt/browser';\nexport const probe = browser.runtime.id;"],
    ['the UI imports the UI and a platform wrapper', 'src/ui/chat/zone-probe.ts', "import { formatUsd } from '@/src/ui/chat/format';\nimport { hasOrigins } from '@/src/platform/permissions';\nexport const probe = [formatUsd, hasOrigins];"],
    ['an entrypoint imports the UI', 'entrypoints/popup/zone-probe.tsx', "import { PopupApp } from '@/src/ui/popup/PopupApp';\nexport const probe = PopupApp;"],
    ['the worker imports a domain', 'src/background/zone-probe.ts', "import { VaultStatus } from '@/src/vault/schemas';\nexport const probe = VaultStatus;"],
    ['the page script imports its own files', 'src/content/zone-probe.ts', "import { createSelectionToolbar } from './selection-toolbar';\nexport const probe = createSelectionToolbar;"],
  ])('%s passes', async (_name, filePath, code) => {
    expect(await zoneErrors(filePath, code)).toEqual([]);
  });
});
