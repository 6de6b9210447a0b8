import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFirstRun } from '@/src/background/first-run';

type InstallDetails = Parameters<Parameters<typeof fakeBrowser.runtime.onInstalled.addListener>[0]>[0];
const installed = (details: Partial<InstallDetails>) => fakeBrowser.runtime.onInstalled.trigger(details as InstallDetails);

afterEach(() => vi.restoreAllMocks());

describe('first run', () => {
  it('opens the options page (the welcome) when the extension is installed', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    startFirstRun();
    expect(open).not.toHaveBeenCalled();
    await installed({ reason: 'install' });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('opens nothing on an update, a browser update, a shared module update or a browser start', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    startFirstRun();
    await installed({ reason: 'update', previousVersion: '0.9.0' });
    await installed({ reason: 'chrome_update' });
    await installed({ reason: 'shared_module_update' });
    await fakeBrowser.runtime.onStartup.trigger();
    expect(open).not.toHaveBeenCalled();
  });

  it('a refused open is logged, not thrown into the worker', async () => {
    vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockRejectedValue(new Error('no window'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    startFirstRun();
    await installed({ reason: 'install' });
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('Keyward: could not open the welcome page.', expect.any(Error)));
  });
});
