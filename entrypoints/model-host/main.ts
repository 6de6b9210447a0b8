// The page that holds the in-browser model (src/local-model/host.ts): Chrome's offscreen document, a hidden frame of the background page in Firefox.
import { startModelHost } from '@/src/local-model/host';

startModelHost();
