import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CaptureError, captureRegion, captureVisibleTab, isRestrictedUrl } from '@/src/attachments/capture';
import { addNeverSend } from '@/src/page/page-settings';
import { readTab } from '@/src/page/tab-reader';
import { captureErrorMessage } from '@/src/ui/capture/use-capture-actions';
import { strings } from '@/src/ui/strings';

/**
 * The capture's gate, with the browser faked: which tab, the never-send list (the same check and
 * words as "Use this page"), the browser's own pages, and the re-check after the capture.
 */

const PNG = `data:image/png;base64,${btoa('\x89PNG\r\n\x1a\n')}`;
const WINDOW = 7;
let tabs: { id: number; url?: string; active: boolean; windowId: number }[];
let capture: ReturnType<typeof vi.fn>;
let inject: ReturnType<typeof vi.fn>;

beforeEach(() => {
  tabs = [{ id: 3, url: 'https://mail.example.com/inbox', active: true, windowId: WINDOW }];
  vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: WINDOW } as never);
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async (query: { active?: boolean; windowId?: number }) =>
    tabs.filter((tab) => (query.active === undefined || tab.active === query.active) && (query.windowId === undefined || tab.windowId === query.windowId))) as never);
  capture = vi.fn(async () => PNG);
  (fakeBrowser.tabs as unknown as { captureVisibleTab: unknown }).captureVisibleTab = capture;
  inject = vi.fn(async () => [{ result: { kind: 'cancelled' } }]);
  (fakeBrowser as unknown as { scripting: unknown }).scripting = { executeScript: inject };
});
afterEach(() => vi.restoreAllMocks());

async function refusal(work: Promise<unknown>): Promise<CaptureError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CaptureError);
  return error as CaptureError;
}

describe('a site on the never-send list', () => {
  it('refuses both captures before anything is captured or injected, with "Use this page"’s own words', async () => {
    await addNeverSend('example.com');
    const tab = await refusal(captureVisibleTab());
    const region = await refusal(captureRegion());
    expect(capture).not.toHaveBeenCalled();
    expect(inject).not.toHaveBeenCalled();
    expect(tab).toMatchObject({ reason: 'blocked', site: 'mail.example.com' });
    expect(region).toMatchObject({ reason: 'blocked', site: 'mail.example.com' });

    // "Use this page" on the same tab: the same refusal, the same sentence.
    const read = await readTab({ tabId: 3, url: 'https://mail.example.com/inbox' }, ['example.com']);
    expect(read).toEqual({ ok: false, reason: 'blocked', site: 'mail.example.com' });
    expect(captureErrorMessage(tab)).toBe(strings.pageContext.blocked(read.ok ? '' : (read as { site: string }).site));
    expect(captureErrorMessage(region)).toBe('mail.example.com is on your never-send list: Keyward does not read or send its text.');
  });

  it('refuses a region whose page joined the list while the user was picking: only the check capture ran', async () => {
    inject.mockImplementation(async () => {
      await addNeverSend('mail.example.com');
      return [{ result: { kind: 'region', rect: { x: 0, y: 0, width: 50, height: 50 }, viewport: { width: 800, height: 600 }, dpr: 1, url: 'https://mail.example.com/inbox' } }];
    });
    expect(await refusal(captureRegion())).toMatchObject({ reason: 'blocked' });
    expect(capture).toHaveBeenCalledTimes(1);
  });

  it('refuses a capture when the tab in front moved to a never-send page during it', async () => {
    await addNeverSend('bank.test');
    capture.mockImplementation(async () => {
      tabs[0] = { ...tabs[0]!, url: 'https://mail.example.com/bank.test' };
      return PNG;
    });
    // Same site, another page: allowed.
    expect(await captureVisibleTab()).toBeInstanceOf(File);
    capture.mockImplementation(async () => {
      tabs[0] = { ...tabs[0]!, url: 'https://www.bank.test/' };
      return PNG;
    });
    tabs[0] = { ...tabs[0]!, url: 'https://mail.example.com/inbox' };
    expect(await refusal(captureVisibleTab())).toMatchObject({ reason: 'changed' });
  });
});

describe('which tab is captured', () => {
  it('the visible tab of this window, named after its site, as PNG bytes', async () => {
    const file = await captureVisibleTab();
    expect(capture).toHaveBeenCalledExactlyOnceWith(WINDOW, { format: 'png' });
    expect(file.name).toBe('Screenshot of mail.example.com.png');
    expect(file.type).toBe('image/png');
    expect(file.size).toBe(8);
  });

  it('another tab coming to the front during the capture throws the image away', async () => {
    capture.mockImplementation(async () => {
      tabs = [{ ...tabs[0]!, active: false }, { id: 4, url: 'https://mail.example.com/other', active: true, windowId: WINDOW }];
      return PNG;
    });
    expect(await refusal(captureVisibleTab())).toMatchObject({ reason: 'changed' });
  });

  it('the browser’s own pages and the extension stores are refused before trying', async () => {
    for (const url of ['chrome://settings/', 'about:config', 'chrome-extension://abc/page.html', 'https://chromewebstore.google.com/detail/x', 'https://chrome.google.com/webstore/x', 'https://addons.mozilla.org/en-US/firefox/']) {
      expect(isRestrictedUrl(url)).toBe(true);
      tabs = [{ id: 3, url, active: true, windowId: WINDOW }];
      expect(await refusal(captureVisibleTab())).toMatchObject({ reason: 'restricted' });
    }
    expect(isRestrictedUrl('https://example.com/')).toBe(false);
    expect(isRestrictedUrl('file:///home/me/report.html')).toBe(false);
    expect(capture).not.toHaveBeenCalled();
    expect(captureErrorMessage(new CaptureError('restricted'))).toBe(strings.capture.restricted);
  });

  it('a tab whose address the browser hides, or a refused capture, asks the user to open Keyward from the tab', async () => {
    tabs = [{ id: 3, active: true, windowId: WINDOW }];
    expect(await refusal(captureVisibleTab())).toMatchObject({ reason: 'needs-invocation' });
    expect(capture).not.toHaveBeenCalled();
    tabs = [{ id: 3, url: 'http://127.0.0.1:8080/', active: true, windowId: WINDOW }];
    capture.mockRejectedValue(new Error("Either the '<all_urls>' or 'activeTab' permission is required."));
    expect(await refusal(captureRegion())).toMatchObject({ reason: 'needs-invocation' });
    // Found out by the check capture, before the overlay is put on the page.
    expect(inject).not.toHaveBeenCalled();
  });

  it('Keyward’s own page in front (the panel opened as a tab) is not captured', async () => {
    tabs = [{ id: 3, url: fakeBrowser.runtime.getURL('/sidepanel.html'), active: true, windowId: WINDOW }];
    expect(await refusal(captureVisibleTab())).toMatchObject({ reason: 'own-page' });
    expect(capture).not.toHaveBeenCalled();
  });
});

describe('the region', () => {
  it('Escape (the overlay cancelled) gives null and takes no second capture', async () => {
    expect(await captureRegion()).toBeNull();
    expect(inject).toHaveBeenCalledExactlyOnceWith({ target: { tabId: 3 }, files: ['/capture-overlay.js'] });
    expect(capture).toHaveBeenCalledTimes(1);
  });

  it('an overlay result that is not what the overlay sends is refused', async () => {
    inject.mockResolvedValue([{ result: { kind: 'region', rect: { x: 0, y: 0, width: 50, height: 50 }, viewport: { width: 800, height: 600 }, dpr: 1, url: 'https://mail.example.com/', extra: 1 } }]);
    expect(await refusal(captureRegion())).toMatchObject({ reason: 'failed' });
    inject.mockResolvedValue([{ result: { kind: 'region', rect: { x: 0, y: 0, width: 50, height: 50 }, viewport: { width: 800, height: 600 }, dpr: 1, url: 'https://evil.test/' } }]);
    expect(await refusal(captureRegion())).toMatchObject({ reason: 'changed' });
    expect(capture).toHaveBeenCalledTimes(2);
  });
});
