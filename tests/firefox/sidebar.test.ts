import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { hideSidebar, sidebarState, waitForSidebar } from './fixtures/background';
import { clickByRole } from './fixtures/ui-steps';

let ff: LaunchedFirefox;
beforeAll(async () => {
  ff = await launchFirefox();
});
afterAll(async () => {
  await ff?.removeProfile();
});

test("Firefox: the popup's 'Open the side panel' opens Keyward in Firefox's sidebar", async () => {
  // Firefox opens a newly installed add-on's sidebar by itself: close it first.
  await hideSidebar(ff.browser);
  expect(await sidebarState(ff.browser)).toMatchObject({ open: false });
  const popup = await ff.openPage('popup');
  await clickByRole(popup, 'button', 'Open the side panel');
  expect(await waitForSidebar(ff.browser, `${ff.origin}/sidepanel.html`)).toMatchObject({ open: true, url: `${ff.origin}/sidepanel.html` });
});
