import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { launchExtension } from '../e2e/fixtures/launch';
import { startLocalSite, type LocalSite } from '../e2e/fixtures/foreign';

/**
 * Issue 11, finding 3: host access is what the manifest and the prompts say. Before the fix, the
 * always-on `<all_urls>` content script gave the worker cross-origin access to every host, so a
 * request from the worker to an address the user never granted (a LAN server, here a server on
 * 127.0.0.1 with no CORS headers) got a readable answer, and local hosts were granted on any port.
 */

/** Fetches a URL from the extension's service worker; 'read: <text>' or 'refused: <error>'. */
async function fetchFromWorker(ext: { context: import('@playwright/test').BrowserContext }, url: string): Promise<string> {
  const [worker] = ext.context.serviceWorkers().filter((each) => each.url().endsWith('/background.js'));
  if (!worker) throw new Error('no extension worker');
  return worker.evaluate(async (target) => {
    try {
      const response = await fetch(target);
      return `read: ${(await response.text()).slice(0, 100)}`;
    } catch (error) {
      return `refused: ${String(error)}`;
    }
  }, url);
}

let site: LocalSite;
test.beforeAll(async () => {
  // No Access-Control-Allow-Origin: only an extension with host access for it can read this.
  site = await startLocalSite('<!doctype html><title>Router admin</title><p>private-lan-answer</p>');
});
test.afterAll(async () => {
  await site.close();
});

test.describe('as shipped (no optional access granted)', () => {
  test.use({ hostGrant: 'none' });

  test('the worker cannot read a server the user never granted, local or not', async ({ ext }) => {
    const outcome = await fetchFromWorker(ext, `${site.origin}/admin`);
    expect(outcome).toMatch(/^refused/);
    expect(outcome).not.toContain('private-lan-answer');
  });

  test('no content script is registered, and the manifest grants only exact provider hosts', async ({ ext }) => {
    const options = await openExtensionPage(ext, 'options');
    const { registered, manifest, granted } = await options.evaluate(async () => {
      type Api = {
        scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> };
        runtime: { getManifest(): { content_scripts?: unknown; host_permissions?: string[] } };
        permissions: { getAll(): Promise<{ origins?: string[] }> };
      };
      const api = (globalThis as unknown as { chrome: Api }).chrome;
      return {
        registered: (await api.scripting.getRegisteredContentScripts()).map((script) => script.id),
        manifest: api.runtime.getManifest(),
        granted: (await api.permissions.getAll()).origins ?? [],
      };
    });
    expect(registered).toEqual([]);
    expect(manifest.content_scripts).toBeUndefined();
    for (const origin of granted) {
      expect(origin, 'no wildcard subdomain, no local host, no all-sites pattern granted at install').toMatch(/^https:\/\/[a-z0-9.-]+\/\*$/);
    }
    expect(granted).toEqual(expect.arrayContaining(['https://api.openai.com/*', 'https://api.anthropic.com/*']));
  });
});

test('positive control: once the user grants the local server, the worker reads it', async () => {
  const ext = await launchExtension({ grant: 'local' });
  try {
    expect(await fetchFromWorker(ext, `${site.origin}/admin`)).toContain('private-lan-answer');
  } finally {
    await ext.removeProfile();
  }
});
