// The hidden page (src/platform/hidden-page.ts: Chrome's offscreen document, a hidden frame of the background page in Firefox):
// it holds the in-browser model (src/local-model/host.ts) and runs indexing with no Keyward page open (src/knowledge/indexer-host.ts).
import { startModelHost } from '@/src/local-model/host';
import { startIndexerHost } from '@/src/knowledge/indexer-host';

startModelHost();
startIndexerHost();
