import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { inFirefoxChrome } from './fixtures/background';
import { clickByRole } from './fixtures/ui-steps';

let ff: LaunchedFirefox;
beforeAll(async () => {
  ff = await launchFirefox();
});
afterAll(async () => {
  await ff?.removeProfile();
});

/** What Firefox's sidebar shows: whether it is open, which sidebar, and the page in it. */
function sidebarState(): Promise<unknown> {
  return inFirefoxChrome(
    ff.browser,
    `(() => {
      const sidebar = window.SidebarController;
      const panel = sidebar.browser?.contentDocument?.getElementById('webext-panels-browser');
      return JSON.stringify({ open: sidebar.isOpen, id: sidebar.currentID ?? null, url: panel?.currentURI?.spec ?? null });
    })()`,
  );
}

test("Firefox: the popup's 'Open the side panel' opens Keyward in Firefox's sidebar", async () => {
  // Firefox opens a newly installed add-on's sidebar by itself: close it first.
  await inFirefoxChrome(ff.browser, '(() => { window.SidebarController.hide(); return "null"; })()');
  expect(await sidebarState()).toMatchObject({ open: false });
  const popup = await ff.openPage('popup');
  await clickByRole(popup, 'button', 'Open the side panel');
  const deadline = Date.now() + 15_000;
  let state = await sidebarState();
  while (!(state as { url: string | null }).url?.startsWith(ff.origin) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    state = await sidebarState();
  }
  expect(state).toMatchObject({ open: true, url: `${ff.origin}/sidepanel.html` });
});
