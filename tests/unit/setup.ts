import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installFakeI18n } from './helpers/i18n-fake';
import { installFakeOpfs, resetFakeOpfs } from './helpers/opfs-fake';

installFakeOpfs();
// Also before any beforeEach: test files read texts while they are collected (it.each tables).
installFakeI18n();

beforeEach(() => {
  fakeBrowser.reset();
  resetFakeOpfs();
  // Components and the worker's code render the real English messages (public/_locales/en).
  installFakeI18n();
  // The transport asks the browser whether an origin is granted before it sends (src/providers/http.ts).
  // The fake grants every origin, as the manifest does for the provider hosts and this computer;
  // tests of the egress guard deny through CallOptions.isOriginGranted or by replacing this.
  fakeBrowser.permissions.contains = () => Promise.resolve(true);
});
