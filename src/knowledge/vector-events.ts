import type { Space } from './knowledge-db';

/**
 * Changes to stored vectors, told to every context of the extension (pages and their search
 * workers share the origin): a search worker drops its in-memory copy of a space that changed and
 * reads it again on its next search. BroadcastChannel delivers to every other channel object of
 * the name, in this page too.
 */
export const VECTORS_CHANNEL = 'keyward-knowledge-vectors';

export interface VectorsChanged {
  type: 'vectors-changed';
  space: Space;
}

let channel: BroadcastChannel | undefined;

export function announceVectorsChanged(space: Space): void {
  channel ??= new BroadcastChannel(VECTORS_CHANNEL);
  channel.postMessage({ type: 'vectors-changed', space } satisfies VectorsChanged);
}
