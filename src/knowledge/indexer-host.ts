import { onPortConnect } from '@/src/platform/messaging';
import { sentByOwnBackground } from '@/src/platform/runtime';
import { INDEXER_PORT, parseIndexerRequest } from './indexer-protocol';

/**
 * The hidden page's second role (entrypoints/model-host, beside the in-browser model's host): it
 * listens on INDEXER_PORT from the start, so the worker's word is never lost, and loads the
 * indexing code (Dexie, the history's reading) only when told there is indexing to do: the
 * model's page starts as before.
 */
export function startIndexerHost(load: () => Promise<{ indexInBackground: typeof import('./background-indexer').indexInBackground }> = () => import('./background-indexer')): void {
  onPortConnect((port) => {
    if (port.name !== INDEXER_PORT) return;
    if (!sentByOwnBackground(port.sender)) {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const request = parseIndexerRequest(message);
      port.disconnect();
      if (!request) return;
      void load()
        .then(({ indexInBackground }) => indexInBackground(request.scope))
        .catch((error: unknown) => console.warn('Keyward: background indexing stopped.', error instanceof Error ? error.name : 'error'));
    });
  });
}
