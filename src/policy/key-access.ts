import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import type { Connection } from '@/src/providers/types';
import { isVaultGone, type KeyRecords } from '@/src/vault/key-records';
import type { KeyView } from '@/src/vault/schemas';
import { gatewayKeyView, isGatewayKeyId } from './gateway-key';
import { assertKeyAllowed } from './guard';
import type { PolicyService } from './policy-service';

/**
 * The user's keys as the organisation policy lets them be listed and used: the one way the worker
 * turns a key id into a connection outside an answer (model lists, connection tests, embeddings;
 * src/chat/chat-streams.ts does the same for answers, passing blocked keys over instead of failing).
 */
export interface KeyAccessDeps {
  keys: Pick<KeyRecords, 'list' | 'destination' | 'useSecret'>;
  policy: Pick<PolicyService, 'inForce' | 'gateway'>;
}

export const gatewayGone = (): AppError => new AppError('NOT_FOUND', phrase('policy_gatewayGone'));

/**
 * Every key there is to use: the vault's, the session-only ones, then the organisation's gateway
 * when the policy names one. With no vault (or a locked one) and no session-only key, the gateway
 * alone; with no gateway either, the vault's error as before.
 */
export async function listKeys(deps: KeyAccessDeps): Promise<KeyView[]> {
  const gateway = (await deps.policy.inForce())?.gateway;
  if (!gateway) return deps.keys.list();
  const own = await deps.keys.list().catch((error: unknown) => {
    if (isVaultGone(error)) return [];
    throw error;
  });
  return [...own, gatewayKeyView(gateway)];
}

/** A key's connection, with its secret: refused when the policy blocks it; the gateway's from the policy, read now. */
export async function keyConnection(deps: KeyAccessDeps, keyId: string): Promise<Connection> {
  if (isGatewayKeyId(keyId)) {
    const gateway = await deps.policy.gateway();
    if (!gateway) throw gatewayGone();
    return gateway.connection;
  }
  const { provider, settings } = await deps.keys.destination(keyId);
  assertKeyAllowed(await deps.policy.inForce(), provider, settings);
  const { record, secret } = await deps.keys.useSecret(keyId);
  return { provider: record.provider, secret, settings: record.settings };
}
