import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installFakeOpfs, resetFakeOpfs } from './helpers/opfs-fake';

installFakeOpfs();

beforeEach(() => {
  fakeBrowser.reset();
  resetFakeOpfs();
  // The transport asks the browser whether an origin is granted before it sends (src/providers/http.ts).
  // The fake grants every origin, as the manifest does for the provider hosts and this computer;
  // tests of the egress guard deny through CallOptions.isOriginGranted or by replacing this.
  fakeBrowser.permissions.contains = () => Promise.resolve(true);
});
