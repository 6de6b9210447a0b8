import { rm } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage, collectDiagnostics, reportDiagnostics } from '../e2e/fixtures/test';
import { launchExtension, type LaunchedExtension } from '../e2e/fixtures/launch';
import { call } from '../e2e/fixtures/messaging';
import { passphraseCanary, randomCore, type Canary } from '../e2e/fixtures/canary';
import { badSecretFields, fillField, listTextFields, SECRET_LABEL, type FieldInfo } from '../e2e/fixtures/form-inputs';
import { killBrowserHard } from '../e2e/fixtures/hard-kill';
import { searchProfileForMany } from '../e2e/fixtures/profile-search';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { addSessionKeyInUi, pickModel, sendInUi } from '../e2e/fixtures/ui-steps';

/**
 * Issue 7, item 1 (disk). Everything a user can type is typed, through the real UI of the options
 * page, the popup and the side panel: the passphrase (create, change, a wrong one, unlock), three
 * keys of three providers that are saved and used (a chat, Test connection), a canary in the
 * secret fields of every other provider's add form, the rotate form and the backup passphrase,
 * and canaries in every other text field. Then the vault is locked, the browser is killed with
 * SIGKILL (no shutdown, no flush) and started again on the same profile.
 *
 * No passphrase, no key and nothing typed into a secret field may be anywhere in the profile
 * directory, in any encoding, neither after the kill nor after the restart. What is typed into
 * the chat box, a key's label, a system prompt preset, a base URL are not secrets: prompts and
 * answers are kept in the history database by design, labels in the vault, presets in
 * storage.local. A prompt and a label are this test's positive controls (found on disk after the
 * hard kill, so the search works on what a killed browser leaves behind).
 */

interface Typed {
  what: string;
  canary: Canary;
  secret: boolean;
}

const ANTHROPIC_PREFIX = 'sk-ant-api03-';

function canary(tag: string, prefix = ''): Canary {
  const core = `CANARY${tag}${randomCore(32)}`;
  return { value: `${prefix}${core}`, core };
}

/** Opens every collapsed section so its fields are enumerated too. */
async function openAllDetails(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
}

test.use({ actionTimeout: 15_000 });

let mock: MockProvider;
test.beforeAll(async () => {
  mock = await startMockProvider();
});
test.afterAll(async () => {
  await mock.close();
});

test('no key, passphrase or secret-field canary on disk after use, lock, SIGKILL and restart', async () => {
  test.setTimeout(150_000);
  const typed: Typed[] = [];
  const secretFieldReport: string[] = [];
  const remember = (what: string, value: Canary, secret: boolean) => {
    typed.push({ what, canary: value, secret });
    return value;
  };

  /** Checks the page's text fields, then types a fresh canary into each (unless `plan` says what to type). */
  async function checkAndFill(page: Page, where: string, plan: (field: FieldInfo) => string | undefined = () => undefined): Promise<FieldInfo[]> {
    await openAllDetails(page);
    const fields = await listTextFields(page);
    expect(badSecretFields(fields), `${where}: secret fields that are not type=password with autocomplete=off`).toEqual([]);
    // A section opened through the DOM may close again when React re-renders it: fillField reopens
    // them while it looks for the field listed above.
    const reveal = () => openAllDetails(page);
    for (const field of fields) {
      const secret = SECRET_LABEL.test(field.label) || field.type === 'password';
      if (secret) secretFieldReport.push(`${where}: ${field.label} (${field.type}, autocomplete=${field.autocomplete})`);
      const planned = plan(field);
      if (planned !== undefined) {
        await fillField(page, field, planned, reveal);
        continue;
      }
      const value = remember(`${where} / ${field.label || field.name}`, canary(secret ? 'S' : 'T'), secret);
      await fillField(page, field, field.type === 'url' ? `http://127.0.0.1:9/${value.value}` : value.value, reveal);
    }
    return fields;
  }

  const passphrase = remember('vault passphrase', passphraseCanary(), true);
  const newPassphrase = remember('changed passphrase', passphraseCanary(), true);
  const wrongPassphrase = remember('wrong passphrase typed in the popup', passphraseCanary(), true);
  const openaiKey = remember('OpenAI key (saved, used to chat)', canary('O', 'sk-proj-'), true);
  const anthropicKey = remember('Anthropic key (saved, connection tested)', canary('A', ANTHROPIC_PREFIX), true);
  const awsKeyId = remember('Bedrock access key ID (saved, connection tested)', { value: `AKIA${randomCore(16).toUpperCase()}`, core: '' }, true);
  awsKeyId.core = awsKeyId.value.slice(4);
  const awsSecret = remember('Bedrock secret access key (saved, connection tested)', canary('W'), true);
  const awsSession = remember('Bedrock session token (saved, connection tested)', canary('X'), true);
  const openaiLabel = remember('label of the OpenAI key', canary('L'), false);
  const prompt = remember('prompt typed in the popup', canary('P'), false);
  const panelPrompt = remember('prompt typed in the side panel', canary('Q'), false);
  const presetText = remember('system prompt preset text', canary('Y'), false);
  const saved = new Map<string, { fill: (field: FieldInfo) => string | undefined; label?: Canary }>([
    ['openai', { fill: (field) => ({ apiKey: openaiKey.value, baseUrl: `${mock.url}/v1`, label: openaiLabel.value })[field.name], label: openaiLabel }],
    ['anthropic', { fill: (field) => ({ apiKey: anthropicKey.value, baseUrl: mock.url })[field.name] }],
    [
      'bedrock',
      {
        fill: (field) =>
          ({ accessKeyId: awsKeyId.value, secretAccessKey: awsSecret.value, sessionToken: awsSession.value, baseUrl: mock.url, region: 'us-east-1' })[field.name],
      },
    ],
  ]);

  let ext: LaunchedExtension | undefined = await launchExtension();
  const profileDir = ext.profileDir;
  const diagnostics = collectDiagnostics(ext.context);
  let restarted: LaunchedExtension | undefined;
  try {
    const options = await openExtensionPage(ext, 'options');
    const popupUrl = `chrome-extension://${ext.extensionId}/popup.html`;

    await test.step('options, setup: create the vault through the form', async () => {
      await expect(options.getByRole('button', { name: 'Create vault' })).toBeVisible();
      const fields = await checkAndFill(options, 'setup', (field) => (/new-passphrase|confirm-passphrase/.test(field.name) ? passphrase.value : undefined));
      expect(fields.filter((field) => field.type === 'password').length, 'passphrase, confirmation, restore passphrase').toBe(3);
      await options.getByRole('button', { name: 'Create vault' }).click();
      await expect(options.getByRole('tab', { name: 'Keys' })).toBeVisible({ timeout: 30_000 });
    });

    await test.step('options, keys: every provider of the add form; three keys saved and tested', async () => {
      await openAddForm(options);
      const ids = await options.locator('select[name="provider"] option').evaluateAll((items) => items.map((item) => (item as HTMLOptionElement).value));
      expect(ids.length).toBeGreaterThan(10);
      await options.getByRole('button', { name: 'Cancel' }).click();
      for (const id of ids) {
        const modes = id === 'bedrock' ? ['api-key', 'sigv4'] : [''];
        for (const mode of modes) {
          await openAddForm(options);
          await options.locator('select[name="provider"]').selectOption(id);
          if (mode) await options.locator('select[name="bedrockAuth"]').selectOption(mode);
          const plan = saved.get(id);
          const keep = plan !== undefined && mode !== 'api-key';
          const fields = await checkAndFill(options, `add ${id}${mode ? ` (${mode})` : ''}`, keep ? plan.fill : undefined);
          expect(fields.filter((field) => field.type === 'password').length, `${id}: secret fields`).toBeGreaterThan(0);
          if (!keep) {
            await options.getByRole('button', { name: 'Cancel' }).click();
            continue;
          }
          if (id === 'openai') {
            // Test connection with the unsaved draft, as a user checks a key before saving it.
            await options.getByRole('button', { name: 'Test connection' }).click();
            await expect(options.getByRole('status', { name: 'Connection test result' })).toContainText('Works');
          }
          await options.getByRole('button', { name: 'Save key' }).click();
          await expect(options.getByRole('button', { name: 'Save key' })).toHaveCount(0);
        }
      }
      const rows = await call(options, 'keys.list', {});
      expect(rows.keys.map((key) => key.provider).sort()).toEqual(['anthropic', 'bedrock', 'openai']);
    });

    await test.step('options, keys: Test connection of the saved keys; rotate, rename and settings forms', async () => {
      const tests = options.getByRole('button', { name: 'Test connection' });
      await expect(tests).toHaveCount(3);
      for (let index = 0; index < 3; index++) {
        await tests.nth(index).click();
        await expect(options.locator('.connection-test').nth(index)).toContainText('Works', { timeout: 30_000 });
      }
      for (const [button, cancel] of [
        ['Rotate', 'Cancel'],
        ['Rename', 'Cancel'],
        ['Edit settings', 'Cancel'],
      ] as const) {
        for (let index = 0; index < 3; index++) {
          await options.getByRole('button', { name: button }).nth(index).click();
          await checkAndFill(options, `key ${index} ${button}`);
          await options.getByRole('button', { name: cancel }).first().click();
        }
      }
    });

    for (const tab of ['Fallbacks and limits', 'Usage', 'Budgets', 'Backup'] as const) {
      await test.step(`options, ${tab}: every field`, async () => {
        await options.getByRole('tab', { name: tab }).click();
        await options.waitForTimeout(300);
        // The export form's vault passphrase gets the real one: the export below needs it.
        await checkAndFill(options, tab, (field) => (field.name === 'vault-passphrase' ? passphrase.value : undefined));
      });
    }

    await test.step('options, backup: export (a download, outside the profile) and a refused import', async () => {
      const download = options.waitForEvent('download');
      await options.getByRole('button', { name: 'Export backup' }).click();
      await (await download).delete();
      await options.getByRole('button', { name: 'Import backup' }).click();
      await expect(options.getByRole('alert')).toBeVisible();
    });

    await test.step('options, security: change the passphrase through the form', async () => {
      await options.getByRole('tab', { name: 'Security' }).click();
      await checkAndFill(options, 'security', (field) => {
        if (field.name === 'current-passphrase') return passphrase.value;
        if (/new-passphrase|confirm-passphrase/.test(field.name)) return newPassphrase.value;
        return undefined;
      });
      await options.getByRole('button', { name: 'Change passphrase' }).click();
      await expect(options.getByText('Passphrase changed.', { exact: false })).toBeVisible({ timeout: 30_000 });
    });

    await test.step('popup: a system prompt preset, a chat with the OpenAI key, a history search', async () => {
      const popup = await openExtensionPage(ext as LaunchedExtension, 'popup');
      await expect(popup.getByRole('textbox', { name: 'Message' })).toBeEditable();
      await expect(popup.locator('main[data-resumed]')).toHaveAttribute('data-resumed', 'true');
      await popup.getByRole('button', { name: 'System prompt' }).click();
      await popup.getByRole('menuitem', { name: 'Manage prompts' }).click();
      await checkAndFill(popup, 'popup prompt library', (field) => (field.tag === 'textarea' && field.label === 'Prompt' ? presetText.value : undefined));
      await popup.getByRole('button', { name: 'Add prompt' }).click();
      await popup.getByRole('button', { name: 'Close prompts' }).click();
      await popup.getByRole('button', { name: 'System prompt' }).click();
      await popup.getByRole('menuitemradio').nth(1).click();
      await expect(popup.getByRole('button', { name: 'System prompt' })).not.toHaveAccessibleName('System prompt No system prompt');
      await pickModel(popup);
      await checkAndFill(popup, 'popup chat', (field) => (field.label === 'Message' ? prompt.value : undefined));
      await popup.getByRole('textbox', { name: 'Message' }).press('Enter');
      await expect(popup.getByRole('article', { name: 'Assistant' }).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
      await popup.getByRole('button', { name: 'History' }).click();
      await checkAndFill(popup, 'popup history');
      await popup.close();
    });

    await test.step('side panel: a chat, and every other field', async () => {
      const panel = await openExtensionPage(ext as LaunchedExtension, 'sidepanel');
      await expect(panel.getByRole('textbox', { name: 'Message' })).toBeEditable();
      // The panel reopens the last conversation once history has loaded, and the chat re-renders:
      // list its fields after that, so the ones listed are the ones to fill.
      await expect(panel.locator('main[data-resumed]')).toHaveAttribute('data-resumed', 'true');
      await pickModel(panel);
      await checkAndFill(panel, 'side panel', (field) => (field.label === 'Message' ? panelPrompt.value : undefined));
      await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
      await expect(panel.getByRole('article', { name: 'Assistant' }).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
      await panel.getByRole('button', { name: 'History' }).click();
      await checkAndFill(panel, 'side panel history');
      await panel.close();
    });

    const chats = mock.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(chats.map((request) => request.headers['authorization'])).toEqual([`Bearer ${openaiKey.value}`, `Bearer ${openaiKey.value}`]);
    expect(mock.requests.some((request) => request.headers['x-api-key'] === anthropicKey.value), 'the Anthropic key was used').toBe(true);
    expect(mock.requests.some((request) => request.headers['authorization']?.includes(awsKeyId.value)), 'the Bedrock key was used').toBe(true);

    await test.step('lock from the options page; a wrong, then the right passphrase in the popup; lock again', async () => {
      await options.getByRole('button', { name: 'Lock now' }).click();
      await expect(options.getByRole('form', { name: 'Unlock the vault' })).toBeVisible();
      await checkAndFill(options, 'options locked');
      const popup = await (ext as LaunchedExtension).context.newPage();
      await popup.goto(popupUrl);
      await expect(popup.getByRole('form', { name: 'Unlock the vault' })).toBeVisible();
      await checkAndFill(popup, 'popup locked', (field) => (field.label === 'Passphrase' ? wrongPassphrase.value : undefined));
      await popup.getByRole('button', { name: 'Unlock', exact: true }).click();
      await expect(popup.getByRole('alert')).toContainText('not correct');
      await popup.getByLabel('Passphrase').fill(newPassphrase.value);
      await popup.getByRole('button', { name: 'Unlock', exact: true }).click();
      await expect(popup.getByRole('form', { name: 'Unlock the vault' })).toHaveCount(0, { timeout: 30_000 });
      await options.bringToFront();
      await options.reload();
      await options.getByRole('tab', { name: 'Security' }).click();
      await options.getByRole('button', { name: 'Lock now' }).click();
      await expect(options.getByRole('form', { name: 'Unlock the vault' })).toBeVisible();
      expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'locked' });
    });

    await test.step('SIGKILL the browser', async () => {
      await killBrowserHard(ext as LaunchedExtension);
      ext = undefined;
    });

    const secrets = typed.filter((entry) => entry.secret);
    const search = (needles: Canary[]) => searchProfileForMany(profileDir, needles.map((needle) => needle.core));
    const secretCanaries = secrets.map((entry) => entry.canary);

    await test.step('after the kill: positive controls are found, no secret is', async () => {
      const { hits, filesSearched } = await search([...secretCanaries, prompt, openaiLabel]);
      expect(filesSearched).toBeGreaterThan(20);
      expect(hits.get(prompt.core)?.length, 'the prompt (chat history in IndexedDB) should be on disk after a SIGKILL').toBeGreaterThan(0);
      expect(hits.get(openaiLabel.core)?.length, 'the key label (vault in IndexedDB) should be on disk').toBeGreaterThan(0);
      const found = secrets.filter((entry) => (hits.get(entry.canary.core) ?? []).length > 0).map((entry) => `${entry.what}: ${JSON.stringify(hits.get(entry.canary.core))}`);
      expect(found, 'secrets found on disk after the hard kill').toEqual([]);
      const nonSecret = typed.filter((entry) => !entry.secret);
      const { hits: plainHits } = await search(nonSecret.map((entry) => entry.canary));
      const stored = nonSecret.filter((entry) => (plainHits.get(entry.canary.core) ?? []).length > 0).map((entry) => entry.what);
      if (process.env.SECMEM_DEBUG) console.log(stored.join('\n'), '\n---\n', secretFieldReport.join('\n'));
      await test.info().attach('non-secret-fields-on-disk', { body: stored.join('\n'), contentType: 'text/plain' });
      await test.info().attach('secret-fields-checked', { body: secretFieldReport.join('\n'), contentType: 'text/plain' });
    });

    await test.step('restart on the same profile: locked, and everything is still there', async () => {
      restarted = await launchExtension({ profileDir });
      const page = await openExtensionPage(restarted, 'options');
      expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'locked' });
      await call(page, 'vault.unlock', { passphrase: newPassphrase.value });
      expect((await call(page, 'keys.list', {})).keys.map((key) => key.label)).toContain(openaiLabel.value);
      await call(page, 'vault.lock', {});
      await restarted.close();
    });

    await test.step('after the restart: still no secret anywhere', async () => {
      const { hits } = await search(secretCanaries);
      const found = secrets.filter((entry) => (hits.get(entry.canary.core) ?? []).length > 0).map((entry) => `${entry.what}: ${JSON.stringify(hits.get(entry.canary.core))}`);
      expect(found, 'secrets found on disk after the restart').toEqual([]);
    });
  } finally {
    await reportDiagnostics(test.info(), diagnostics());
    await restarted?.close();
    await ext?.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});

/** Opens the add-key form ("Add key" toggles it, so only when it is closed). */
async function openAddForm(options: Page): Promise<void> {
  const add = options.getByRole('button', { name: 'Add key' });
  await expect(add).toHaveAttribute('aria-expanded', 'false');
  await add.click();
  await expect(options.locator('select[name="provider"]')).toBeVisible();
}


/**
 * Issue 18: a key for this session only, added with no vault through the welcome page and used
 * for a chat in the popup, is in memory-only session storage and nowhere in the profile: not
 * while the browser runs, not after a SIGKILL, not after a restart on the same profile (where it
 * is gone). Positive controls: the prompt (history) and the key's label (in the audit and usage
 * records of the chat) are on disk after the kill.
 */
test('a session-only key: on no disk after use, after SIGKILL and after a restart', async () => {
  test.setTimeout(120_000);
  const key = canary('N', 'sk-proj-');
  const label = canary('M');
  const prompt = canary('R');
  let ext: LaunchedExtension | undefined = await launchExtension();
  const profileDir = ext.profileDir;
  const diagnostics = collectDiagnostics(ext.context);
  let restarted: LaunchedExtension | undefined;
  const search = async (needles: Canary[]) => (await searchProfileForMany(profileDir, needles.map((needle) => needle.core))).hits;
  try {
    await test.step('no vault: a session-only key through the welcome page, a chat in the popup', async () => {
      const options = await openExtensionPage(ext as LaunchedExtension, 'options');
      await addSessionKeyInUi(options, key.value, `${mock.url}/v1`, label.value);
      expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'absent', sessionKeys: { count: 1 } });
      const popup = await openExtensionPage(ext as LaunchedExtension, 'popup');
      await pickModel(popup);
      await sendInUi(popup, prompt.value);
      expect(mock.requests.some((request) => request.headers['authorization'] === `Bearer ${key.value}`), 'the session-only key was used').toBe(true);
    });

    await test.step('while the browser runs: not on disk', async () => {
      expect((await search([key])).get(key.core), 'the session-only key on disk after use').toEqual([]);
    });

    await test.step('SIGKILL: positive controls on disk, the key not', async () => {
      await killBrowserHard(ext as LaunchedExtension);
      ext = undefined;
      const hits = await search([key, prompt, label]);
      expect(hits.get(prompt.core)?.length, 'the prompt (history in IndexedDB) should be on disk after a SIGKILL').toBeGreaterThan(0);
      expect(hits.get(label.core)?.length, 'the key label (audit and usage records) should be on disk').toBeGreaterThan(0);
      expect(hits.get(key.core), 'the session-only key on disk after the hard kill').toEqual([]);
    });

    await test.step('restart on the same profile: the key is gone, and still on no disk', async () => {
      restarted = await launchExtension({ profileDir });
      const page = await openExtensionPage(restarted, 'options');
      const status = await call(page, 'vault.status', {});
      expect(status.state).toBe('absent');
      expect(status.sessionKeys).toBeUndefined();
      await restarted.close();
      restarted = undefined;
      expect((await search([key])).get(key.core), 'the session-only key on disk after the restart').toEqual([]);
    });
  } finally {
    await reportDiagnostics(test.info(), diagnostics());
    await restarted?.close();
    await ext?.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});
