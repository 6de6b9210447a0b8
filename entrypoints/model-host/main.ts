// The offscreen document that holds the in-browser model (src/local-model/host.ts).
import { startModelHost } from '@/src/local-model/host';

startModelHost();
