// The dedicated search worker's entry, bundled by Vite as a worker of the page that starts it
// (search-client.ts: `new Worker(new URL('./search-worker.ts', import.meta.url))`).
import { startSearchWorker, type WorkerScope } from './search-worker-main';

startSearchWorker(self as unknown as WorkerScope);
