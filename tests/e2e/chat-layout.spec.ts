import type { Page } from '@playwright/test';
import { test as base, expect, openExtensionPage } from './fixtures/test';
import type { LaunchedExtension } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { writeStorage } from './fixtures/storage';
import { testPagesFixture } from './fixtures/per-test';
import { sharedMockProvider } from './fixtures/shared-mock';
import { sendInUi } from './fixtures/ui-steps';
import type { PageServer } from './pages/serve';

/**
 * The chat's layout in the built extension, measured in the browser: the conversation gets at least
 * 65% of the popup's and the side panel's height (empty and with an answer), Send sits inside the
 * message box, nothing scrolls sideways from the narrowest to the widest size, and in the side panel
 * with a selection attached and the page tools open nothing is drawn over anything else.
 */

const test = base.extend<{ pages: PageServer }>({ pages: testPagesFixture });
const mock = sharedMockProvider(test);

const POPUP = { width: 420, height: 600 };
const PANEL = { width: 400, height: 720 };
const MIN_SHARE = 0.65;

async function vaultWithMockKey(ext: LaunchedExtension, { expensive = false } = {}): Promise<void> {
  const options = await openExtensionPage(ext, 'options');
  await call(options, 'vault.create', { passphrase: 'e2e layout passphrase 42' });
  const key = await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: 'sk-proj-e2eLAYOUTkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  await writeStorage(options, 'local', 'lastTargets', [{ keyId: key.id, model: 'gpt-4.1-nano' }]);
  // $100 per 1M tokens: the assumed 1,000 answer tokens alone make every request "large" (the cost question).
  if (expensive) await call(options, 'spendSettings.update', { caps: [], priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }] });
  await options.close();
}

async function open(ext: LaunchedExtension, name: 'popup' | 'sidepanel', size: { width: number; height: number }): Promise<Page> {
  const page = await openExtensionPage(ext, name);
  await page.setViewportSize(size);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();
  await expect(page.locator('main[data-resumed]')).toHaveAttribute('data-resumed', 'true');
  return page;
}

/** The conversation's height as a share of the window's. */
function conversationShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('.message-list');
    if (!list) throw new Error('no conversation shown');
    return list.getBoundingClientRect().height / window.innerHeight;
  });
}

/** How far the page is wider than its window (0: no sideways scroll). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** Send is drawn inside the message box: within the textarea's own row, right of where its text starts, inside the box's border. */
async function expectSendInsideComposer(page: Page): Promise<void> {
  const placement = await page.getByRole('textbox', { name: 'Message' }).evaluate((textarea) => {
    const send = [...document.querySelectorAll('button')].find((button) => button.getAttribute('aria-label') === 'Send' || button.textContent?.trim() === 'Send');
    if (!send) throw new Error('no Send button');
    // The bordered box the text is typed in: the textarea itself or the nearest ancestor with a border.
    let box: Element = textarea;
    for (let node: Element | null = textarea; node; node = node.parentElement) {
      box = node;
      if (parseFloat(getComputedStyle(node).borderTopWidth) > 0) break;
    }
    const t = textarea.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const s = send.getBoundingClientRect();
    const centerY = s.top + s.height / 2;
    return {
      inTextRow: centerY >= t.top && centerY <= t.bottom,
      insideBox: s.left >= b.left && s.right <= b.right && s.top >= b.top && s.bottom <= b.bottom,
    };
  });
  expect(placement).toEqual({ inTextRow: true, insideBox: true });
}

/**
 * Pairs of visible elements drawn over each other (neither inside the other), each clipped to the
 * scrolling areas it is in: the text, controls and headings a person reads and clicks.
 */
function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\s+/).join('.') : ''}("${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 30)}")`;
    const clipped = (element: Element) => {
      const rect = element.getBoundingClientRect();
      let { left, top, right, bottom } = rect;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const box = parent.getBoundingClientRect();
        left = Math.max(left, box.left);
        top = Math.max(top, box.top);
        right = Math.min(right, box.right);
        bottom = Math.min(bottom, box.bottom);
      }
      return { left, top, right, bottom };
    };
    const shown = [...document.querySelectorAll('button, input, textarea, select, h1, h2, h3, p, label, li, summary, pre, .message-list')]
      .filter((element) => element.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
      .map((element) => ({ element, rect: clipped(element) }))
      // A visually hidden text (1 px, clipped) is not drawn over anything.
      .filter(({ rect }) => rect.right - rect.left > 2 && rect.bottom - rect.top > 2);
    const found: string[] = [];
    for (let i = 0; i < shown.length; i += 1) {
      for (let j = i + 1; j < shown.length; j += 1) {
        const a = shown[i]!;
        const b = shown[j]!;
        if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
        const width = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const height = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (width > 1 && height > 1) found.push(`${describe(a.element)} × ${describe(b.element)}`);
      }
    }
    return found;
  });
}

test('popup: the conversation takes at least 65% of the height, empty and with an answer; Send is inside the box; no sideways scroll from 320 to 800', async ({ ext }) => {
  await vaultWithMockKey(ext);
  const popup = await open(ext, 'popup', POPUP);
  expect(await conversationShare(popup)).toBeGreaterThanOrEqual(MIN_SHARE);
  await expectSendInsideComposer(popup);

  await sendInUi(popup, 'Invent a holiday');
  expect(await conversationShare(popup)).toBeGreaterThanOrEqual(MIN_SHARE);
  await expectSendInsideComposer(popup);

  for (const width of [320, 420, 600, 800]) {
    await popup.setViewportSize({ width, height: POPUP.height });
    expect(await horizontalOverflow(popup), `sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
    expect(await conversationShare(popup), `conversation share at ${width} px`).toBeGreaterThanOrEqual(MIN_SHARE);
  }
});

test('popup: the cost question keeps the message box in view and the conversation its space, drawn over nothing it hides', async ({ ext }) => {
  await vaultWithMockKey(ext, { expensive: true });
  const popup = await open(ext, 'popup', POPUP);
  const box = popup.getByRole('textbox', { name: 'Message' });
  await box.fill('Plan a picnic');
  await box.press('Enter');
  const dialog = popup.getByRole('alertdialog', { name: 'Cost of this request' });
  await expect(dialog).toBeVisible();
  await expect(box).toBeInViewport({ ratio: 1 });
  // The message box's own button (Stop while the request waits for the answer to the question).
  await expect(popup.getByRole('button', { name: /^(Send|Stop)$/ })).toBeInViewport({ ratio: 1 });
  await expect(dialog.getByRole('button', { name: 'Send anyway' })).toBeInViewport({ ratio: 1 });
  expect(await conversationShare(popup)).toBeGreaterThanOrEqual(MIN_SHARE);
  expect(await horizontalOverflow(popup)).toBeLessThanOrEqual(0);
  // The question lies over the conversation only: not over the message box or the toolbar.
  const [question, composer, toolbar] = await Promise.all([dialog.boundingBox(), popup.locator('form.composer').boundingBox(), popup.getByRole('button', { name: 'New chat' }).boundingBox()]);
  expect(question && composer && toolbar).toBeTruthy();
  expect(question!.y + question!.height).toBeLessThanOrEqual(composer!.y);
  expect(question!.y).toBeGreaterThanOrEqual(toolbar!.y + toolbar!.height);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(mock.requests.filter((request) => request.method === 'POST' && request.body.includes('Plan a picnic'))).toEqual([]);
});

test('side panel: the conversation takes at least 65% of the height, empty and with an answer; Send is inside the box; no sideways scroll from 320 to 700', async ({ ext }) => {
  await vaultWithMockKey(ext);
  const panel = await open(ext, 'sidepanel', PANEL);
  expect(await conversationShare(panel)).toBeGreaterThanOrEqual(MIN_SHARE);
  await expectSendInsideComposer(panel);

  await sendInUi(panel, 'Invent a holiday');
  expect(await conversationShare(panel)).toBeGreaterThanOrEqual(MIN_SHARE);

  for (const width of [320, 400, 700]) {
    await panel.setViewportSize({ width, height: PANEL.height });
    expect(await horizontalOverflow(panel), `sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
    expect(await conversationShare(panel), `conversation share at ${width} px`).toBeGreaterThanOrEqual(MIN_SHARE);
  }
});

test('side panel with a selection attached and the page tools open: nothing is drawn over anything else, and the conversation keeps its space', async ({ ext, pages }) => {
  await vaultWithMockKey(ext);
  const article = await ext.context.newPage();
  await article.goto(pages.url('article.html'));
  await article.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('quote') as HTMLElement);
    getSelection()?.addRange(range);
  });
  const panel = await open(ext, 'sidepanel', PANEL);
  await sendInUi(panel, 'Invent a holiday');
  await panel.getByRole('button', { name: 'Use this page' }).click();
  const chip = panel.getByTestId('context-chip');
  await expect(chip).toContainText('Selection');
  await chip.getByRole('button', { name: 'Show text' }).click();
  expect(await overlaps(panel)).toEqual([]);
  // With the selection attached and its text shown, the conversation still has most of the panel.
  expect(await conversationShare(panel)).toBeGreaterThanOrEqual(0.4);

  await panel.getByRole('button', { name: 'Page tools and never-send sites' }).click();
  await expect(panel.getByTestId('never-send-list')).toBeVisible();
  // The tools take the chat's place: nothing of the chat is stacked under or beside them.
  await expect(panel.getByRole('textbox', { name: 'Message' })).toBeHidden();
  await expect(panel.getByRole('region', { name: 'Messages' })).toBeHidden();
  expect(await overlaps(panel)).toEqual([]);
  expect(await horizontalOverflow(panel)).toBeLessThanOrEqual(0);

  // Closing the tools gives the chat back as it was: the chip still attached, the conversation its space.
  await panel.getByRole('button', { name: 'Page tools and never-send sites' }).click();
  await expect(chip).toContainText('Selection');
  expect(await overlaps(panel)).toEqual([]);
  expect(await conversationShare(panel)).toBeGreaterThanOrEqual(0.4);
});
