import type { KeyView } from '@/src/vault/schemas';
import type { PolicyView } from './schema';

/**
 * The organisation's gateway as one of the user's keys: listed beside the vault's and the
 * session-only ones (so the model picker, the budgets and the usage treat it like any key), and
 * chosen by this id. It is the one key a user with no key of their own can answer with.
 *
 * The id cannot be a vault key's (a UUID) nor a session-only key's (`session-…`). Nothing is
 * stored under it: the gateway's address and key are read from the policy on each use
 * (src/policy/policy-service.ts), and it goes when the administrator removes it.
 */
export const GATEWAY_KEY_ID = 'org:gateway';

export function isGatewayKeyId(id: string | null | undefined): boolean {
  return id === GATEWAY_KEY_ID;
}

/**
 * The gateway as the pages see a key: its provider and address, never its key (`masked` is empty).
 * Its label is the gateway's host (data, not words: the pages name it "Organisation gateway").
 */
export function gatewayKeyView(gateway: NonNullable<PolicyView['gateway']>): KeyView {
  let host = gateway.baseUrl;
  try {
    host = new URL(gateway.baseUrl).host;
  } catch {
    // The policy's schema checked the address; a bad one keeps its text as the label.
  }
  return {
    id: GATEWAY_KEY_ID,
    provider: gateway.provider,
    label: host,
    masked: '',
    settings: { baseUrl: gateway.baseUrl },
    createdAt: 0,
    rotatedAt: null,
    lastUsedAt: null,
    formatWarnings: [],
    damaged: false,
    organisation: true,
  };
}
