import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { send } from '@/src/messaging/client';

describe('send', () => {
  test('a reply lost because the worker stopped mid-request is BACKGROUND_RESTARTED, not a generic failure', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValueOnce(
      new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'),
    );
    await expect(send('vault.status', {})).rejects.toMatchObject({ code: 'BACKGROUND_RESTARTED', message: expect.stringMatching(/restarted/) });
  });

  test('a background that cannot be reached at all stays INTERNAL', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(send('vault.status', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
