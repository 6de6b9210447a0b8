import { chromium, test as base, expect, type Browser, type Page } from '@playwright/test';
import { chromiumExecutable } from '../e2e/fixtures/paths';
import { findLayoutProblems } from './fixtures/layout-checks';

/**
 * The layout checks themselves, on small hand-made pages: each broken layout is found, with a
 * message that names the element, its text and its size, and each allowed one (a code block, a
 * table in a scroller, screen-reader-only text) is left alone. A check that stopped finding
 * anything would otherwise let the layout test pass on any page.
 */
const test = base.extend<{ page: Page }, { browser: Browser }>({
  browser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ['--no-sandbox', '--disable-gpu'] });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ browser }, use) => {
    const page = await browser.newPage({ viewport: { width: 400, height: 600 } });
    await use(page);
    await page.close();
  },
});

const STYLE = '<style>body { margin: 0; font: 16px sans-serif; overflow-wrap: break-word; } .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }</style>';
const problemsOf = async (page: Page, body: string, minConversationShare?: number) => {
  await page.setContent(`${STYLE}${body}`);
  return page.evaluate(findLayoutProblems, minConversationShare === undefined ? {} : { minConversationShare });
};
/** Wider than the window; the pages break long words (overflow-wrap), so where it must stay whole it is `nowrap`. */
const WIDE = 'a_long_unbroken_identifier_that_is_much_wider_than_the_four_hundred_pixel_window_it_is_shown_in';

test('a page that fits has no problems', async ({ page }) => {
  expect(await problemsOf(page, '<main><h1>Keyward</h1><p>Short text that wraps normally at any width, word by word.</p><button>Save key</button></main>')).toEqual([]);
});

test('text wrapped a letter per line is found, with its element, text and size', async ({ page }) => {
  const problems = await problemsOf(page, '<div style="display:flex"><span class="key-label" style="width:1px">Work OpenAI</span><span style="flex:1">rest</span></div>');
  expect(problems).toContainEqual(expect.stringMatching(/^narrow text: div > span\.key-label "Work OpenAI" wraps into \d+ lines for 11 characters; its box .* is 1 px wide/));
});

test('text clipped to under three characters is found, and text merely truncated is not', async ({ page }) => {
  const clipped = await problemsOf(page, '<div style="width:12px; overflow:hidden; white-space:nowrap">http://127.0.0.1:8787/v1</div>');
  expect(clipped).toEqual([expect.stringMatching(/^narrow text: div "http:\/\/127\.0\.0\.1:8787\/v1" is shown 12 px wide \(3 characters are 24 px/)]);
  expect(await problemsOf(page, '<div style="width:120px; overflow:hidden; white-space:nowrap; text-overflow:ellipsis">http://127.0.0.1:8787/v1/with/a/long/path</div>')).toEqual([]);
});

test('text running out of a box under three characters wide is found', async ({ page }) => {
  const problems = await problemsOf(page, '<div class="cell" style="width:10px; white-space:nowrap">Connected</div>');
  expect(problems).toEqual([expect.stringMatching(/^narrow text: div\.cell "Connected" runs out of a box div\.cell 10 px wide/)]);
});

test('sideways overflow is found: the page scrolls and the element past the edge is named', async ({ page }) => {
  const problems = await problemsOf(page, `<nav class="tabs"><button style="margin-left:350px">Security</button></nav><p style="white-space:nowrap">${WIDE}</p>`);
  expect(problems).toContainEqual(expect.stringMatching(/^horizontal scroll: the page is \d+ px wide in a 400 px window$/));
  expect(problems).toContainEqual(expect.stringMatching(/^horizontal overflow: nav\.tabs > button "Security" spans x=350 to \d+ \(\d+ px wide\) in a 400 px window$/));
  // Not the paragraph's box (it fits) but its unbreakable text.
  expect(problems).toContainEqual(expect.stringMatching(/^horizontal overflow: the text of p "a_long_unbroken_identifier\S*" spans x=0 to \d+ in a 400 px window$/));
});

test('wide content inside code blocks, tables and sideways scrollers is allowed; the block itself must fit', async ({ page }) => {
  const allowed = `<pre style="overflow-x:auto"><code>${WIDE}</code></pre><div class="table-scroll" style="overflow-x:auto"><table><tr><td style="white-space:nowrap">${WIDE}</td></tr></table></div>`;
  expect(await problemsOf(page, allowed)).toEqual([]);
  const tooWide = await problemsOf(page, `<table class="usage-table"><tr><td style="white-space:nowrap">${WIDE}</td></tr></table>`);
  expect(tooWide).toContainEqual(expect.stringMatching(/^horizontal overflow: table\.usage-table "a_long/));
});

test('a tall code block may scroll both ways, a tab strip sideways; a conversation that scrolls sideways is found', async ({ page }) => {
  const lines = Array.from({ length: 20 }, (_, index) => `line ${index}`).join('\n');
  const tabs = Array.from({ length: 12 }, (_, index) => `<button>Section ${index}</button>`).join('');
  const allowed = `<pre style="overflow:auto; max-height:80px">${lines}\n${WIDE}</pre><nav style="overflow-x:auto; white-space:nowrap">${tabs}</nav>`;
  expect(await problemsOf(page, allowed)).toEqual([]);
  // Text scrolled almost out of sight at a scroller's edge is not laid out narrow: it scrolls into view.
  const spacer = '<span style="display:inline-block; width:195px"></span>';
  const atTheEdge = `<pre style="width:200px; overflow:auto; max-height:60px">${lines}\n${spacer}<span>continued</span></pre><nav style="width:200px; overflow-x:auto; white-space:nowrap"><span style="display:inline-block; width:185px"></span><button>Security</button></nav>`;
  expect(await problemsOf(page, atTheEdge)).toEqual([]);
  const conversation = `<div class="message-list" style="overflow-y:auto; height:100px"><p style="white-space:nowrap">${WIDE}</p><p style="height:200px">More</p></div>`;
  expect(await problemsOf(page, conversation)).toEqual([expect.stringMatching(/^horizontal scroll: div\.message-list scrolls up and down and also sideways \(\d+ px of content in 400 px\)$/)]);
});

test('text drawn over other text is found; a menu above the page and text scrolled out of a list are not', async ({ page }) => {
  // A box too low for its text (the side panel's page tools): the text spills over what follows.
  const spilled = '<details open style="height:20px"><summary>Page tools</summary><p style="margin:0">Never send these sites</p></details><p class="composer" style="margin:0">Ask anything</p>';
  expect(await problemsOf(page, spilled)).toEqual([expect.stringMatching(/^text over text: p\.composer "Ask anything" is drawn over details > p "Never send these sites" at x=0, y=\d+$/)]);
  const menu = '<p>Text under the menu</p><ul role="menu" style="position:absolute; top:0; left:0; margin:0"><li>Rename the key</li></ul>';
  expect(await problemsOf(page, menu)).toEqual([]);
  const list = '<div class="message-list" style="height:40px; overflow-y:auto"><p style="margin:0 0 30px">An answer</p><p>Scrolled out of view</p></div><p style="margin:0">Below the list</p>';
  expect(await problemsOf(page, list)).toEqual([]);
});

test('screen-reader-only and hidden text is not measured', async ({ page }) => {
  expect(await problemsOf(page, '<span class="visually-hidden">Opens in a new tab</span><div hidden style="width:1px">Hidden text</div><div style="visibility:hidden;width:1px">Invisible text</div>')).toEqual([]);
});

test("the conversation's share of the height is measured on screen", async ({ page }) => {
  const chat = (listHeight: number) => `<main style="height:600px;display:flex;flex-direction:column"><header style="height:${560 - listHeight}px">Header</header><div class="message-list" style="height:${listHeight}px"></div><footer style="height:40px">Composer</footer></main>`;
  expect(await problemsOf(page, chat(400), 0.65)).toEqual([]);
  expect(await problemsOf(page, chat(240), 0.65)).toEqual([expect.stringMatching(/^conversation area: main > div\.message-list shows 240 px of a 600 px window \(40%\), under 65% \(390 px\)$/)]);
  expect(await problemsOf(page, '<main>No chat here</main>', 0.65)).toEqual(['conversation area: no visible .message-list']);
  expect(await problemsOf(page, '<main>No chat here</main>')).toEqual([]);
});
