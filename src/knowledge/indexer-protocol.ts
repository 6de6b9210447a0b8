/**
 * The worker's word to the hidden page (src/platform/hidden-page.ts) that there is indexing to do:
 * one message on its own port, beside the model's (MODEL_HOST_PORT), so the two roles of that one
 * page never read each other's messages. `scope`: `all` when a page asked (the vault was open for
 * it), `keyless` at the browser's start, when the vault is locked and only work with an in-browser
 * model can go on (a keyed model's would fail at once with VAULT_LOCKED; it resumes when a page,
 * opened after the unlock, asks).
 */
export const INDEXER_PORT = 'keyward.indexer';

export type IndexScope = 'all' | 'keyless';

export interface IndexerRequest {
  type: 'index';
  scope: IndexScope;
}

/** The one message on INDEXER_PORT, checked by hand: the worker's bundle carries no schema for it. */
export function parseIndexerRequest(message: unknown): IndexerRequest | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, scope } = message as Record<string, unknown>;
  if (type !== 'index' || (scope !== 'all' && scope !== 'keyless') || Object.keys(message).length !== 2) return undefined;
  return { type, scope };
}
