import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installFakeOpfs, resetFakeOpfs } from './helpers/opfs-fake';

installFakeOpfs();

beforeEach(() => {
  fakeBrowser.reset();
  resetFakeOpfs();
});
