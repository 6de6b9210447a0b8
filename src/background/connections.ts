import { adapterFor, testConnection } from '@/src/providers/registry';
import { ProviderError, type CallOptions, type Connection } from '@/src/providers/types';
import type { ConnectionTest, ModelSummary, ProviderSettings, SecretInput } from '@/src/providers/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import { AppError } from '@/src/shared/errors';
import { normalizeSecret, normalizeSettings } from '@/src/vault/secret-input';
import { errorClassOf } from '@/src/audit/audited';
import { assertKeyAllowed } from '@/src/policy/guard';
import { keyConnection } from '@/src/policy/key-access';
import { sessionKeysAllowed } from '@/src/session/session-key-rules';
import { isGatewayKeyId } from '@/src/policy/gateway-key';
import type { Services } from './services';
import { localServerOrigins } from './local-origins';
import { diagnose } from './local-servers';

const CALL_TIMEOUT_MS = 20_000;

function callOptions(services: Services, signal: AbortSignal): CallOptions {
  const opts: CallOptions = { signal, firstByteTimeoutMs: CALL_TIMEOUT_MS, idleTimeoutMs: CALL_TIMEOUT_MS };
  if (services.extensionOrigin) opts.extensionOrigin = services.extensionOrigin;
  if (services.fetch) opts.fetch = services.fetch;
  return opts;
}

/** "Test connection" for a saved key, or for the add form's values before they are saved. */
export async function testKey(
  services: Services,
  input: { id: string } | { draft: { provider: ProviderId; secret: SecretInput; settings: ProviderSettings } },
): Promise<ConnectionTest> {
  let connection: Connection;
  if ('id' in input) {
    connection = await keyConnection(services, input.id);
  } else {
    const policy = await services.policy.inForce();
    // A draft is tested before it is saved: into the unlocked vault or, with none (or a locked one),
    // as a session-only key where the policy allows them; it sends only what the user just typed.
    if (!sessionKeysAllowed(policy)) await services.vault.requireUnlocked();
    const settings = normalizeSettings(input.draft.provider, input.draft.settings);
    assertKeyAllowed(policy, input.draft.provider, settings);
    connection = { provider: input.draft.provider, secret: normalizeSecret(input.draft.provider, settings, input.draft.secret), settings };
  }
  // A draft's server is in no saved key yet: its Origin header is dropped for the test's length.
  return services.localOrigins.with(localServerOrigins(connection.provider, connection.settings), () => runTest(services, input, connection));
}

async function runTest(services: Services, input: { id: string } | object, connection: Connection): Promise<ConnectionTest> {
  const release = services.keepAlive.acquire();
  const startedAt = services.now();
  try {
    const test = await testConnection(connection, callOptions(services, new AbortController().signal));
    services.spend.recorder.track({
      kind: 'test',
      provider: connection.provider,
      model: '',
      keyId: 'id' in input ? input.id : null,
      startedAt,
      endedAt: services.now(),
      ...(test.result === 'works' ? { outcome: 'ok' } : { outcome: 'error', errorKind: test.result }),
    });
    // What the Origin rules cannot fix (a server not running, on another port, still refusing): the doctor's steps.
    const fixes = await diagnose(services, connection, test.result);
    return fixes.length > 0 ? { ...test, fixes } : test;
  } finally {
    release();
  }
}

export async function listModels(services: Services, keyId: string): Promise<{ models: ModelSummary[] }> {
  // A gateway the policy fixes to one model answers with that model only: nothing to ask it.
  const fixed = isGatewayKeyId(keyId) ? (await services.policy.inForce())?.gateway?.model : undefined;
  if (fixed !== undefined) return { models: [{ id: fixed }] };
  const connection = await keyConnection(services, keyId);
  await services.localOrigins.ready();
  const release = services.keepAlive.acquire();
  const call = { kind: 'models', provider: connection.provider, model: '', keyId, startedAt: services.now() } as const;
  try {
    const models = await adapterFor(connection.provider)
      .listModels(connection, callOptions(services, new AbortController().signal))
      .catch((error: unknown) => {
        services.spend.recorder.track({ ...call, endedAt: services.now(), outcome: 'error', errorKind: errorClassOf(error) });
        throw error;
      });
    services.spend.recorder.track({ ...call, endedAt: services.now(), outcome: 'ok' });
    return { models: models.map(({ id, displayName, contextWindow }) => ({ id, ...(displayName ? { displayName } : {}), ...(contextWindow ? { contextWindow } : {}) })) };
  } catch (error) {
    // The provider error's phrase (providers/errors.ts) goes to the page, which renders it.
    if (error instanceof ProviderError) throw new AppError('PROVIDER_ERROR', error.phrase);
    throw error;
  } finally {
    release();
  }
}
