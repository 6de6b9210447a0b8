import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import type { Port } from '@/src/platform/messaging';
import { errorContextFor } from '@/src/providers/errors';
import { fetchJson, openStream } from '@/src/providers/http';
import { NOT_JSON, parseJson } from '@/src/providers/json';
import { ndjsonLines } from '@/src/providers/ndjson';
import { safeProviderDetail } from '@/src/providers/redact';
import { isKeyless, ProviderError, type CallOptions, type Connection } from '@/src/providers/types';
import type { ConnectionTest } from '@/src/providers/schemas';
import type { Phrase } from '@/src/shared/i18n/text';
import { operatingSystem } from '@/src/platform/runtime';
import { doctorFixes } from '@/src/local-servers/doctor';
import { classifySender, type ExtensionIdentity } from '@/src/messaging/sender';
import { discoverLocalServers, LOCAL_SERVER_PORTS, PROBE_HOST, PROBE_TIMEOUT_MS, type Discovery, type Probe } from '@/src/local-servers/discovery';
import { PullTracker } from '@/src/local-servers/ollama-pull';
import { PULL_PORT_NAME, PullClientMessage } from '@/src/local-servers/schemas';
import type { PullServerMessage } from '@/src/local-servers/pull-progress-message';
import { localServerOrigins, originGranted } from './local-origins';
import type { Services } from './services';

/** A connection to a server on this computer with no key: the transport's egress guard still applies. */
function keylessConnection(origin: string): Connection {
  return { provider: 'custom', secret: {}, settings: { baseUrl: origin } };
}

type Injected = Pick<CallOptions, 'fetch' | 'isOriginGranted'>;

function options(injected: Injected, signal: AbortSignal, timeoutMs: number): CallOptions {
  return {
    signal,
    firstByteTimeoutMs: timeoutMs,
    idleTimeoutMs: timeoutMs,
    ...(injected.fetch ? { fetch: injected.fetch } : {}),
    ...(injected.isOriginGranted ? { isOriginGranted: injected.isOriginGranted } : {}),
  };
}

/** A GET through the provider transport: JSON, something else, or nothing there (refused, timed out). */
export function transportProbe(injected: Injected = {}): Probe {
  return async (url) => {
    const conn = keylessConnection(new URL(url).origin);
    try {
      const json = await fetchJson({ url }, options(injected, AbortSignal.timeout(PROBE_TIMEOUT_MS), PROBE_TIMEOUT_MS), errorContextFor(conn));
      return { kind: 'json', json };
    } catch (error) {
      const nothing = error instanceof ProviderError && ['network', 'timeout', 'aborted', 'origin-not-allowed'].includes(error.kind);
      return nothing ? { kind: 'unreachable' } : { kind: 'other' };
    }
  };
}

/**
 * "Find local servers": probes 127.0.0.1 on the usual ports (discovery.ts). Needs the user's host
 * access to 127.0.0.1, asked for by the button's click; without it, says so rather than "nothing found".
 */
export async function findLocalServers(services: Services, ports: readonly number[] = LOCAL_SERVER_PORTS.map((entry) => entry.port)): Promise<Discovery> {
  if (!(await originGranted(`http://${PROBE_HOST}`).catch(() => false))) throw new AppError('PERMISSION_DENIED', phrase('localServers_noAccess'));
  const origins = ports.map((port) => `http://${PROBE_HOST}:${port}`);
  const release = services.keepAlive.acquire();
  try {
    return await services.localOrigins.with(origins, () => discoverLocalServers(transportProbe(services.fetch ? { fetch: services.fetch } : {}), ports));
  } finally {
    release();
  }
}

/** How long a pull may go without a progress line before it counts as stalled. */
const PULL_IDLE_MS = 120_000;
/** Progress goes to the page at most this often (Ollama sends many lines a second). */
const PROGRESS_EVERY_MS = 100;

/**
 * The Ollama pull port: the page sends `{type:'pull', origin, model}` and gets progress, then
 * `done`, `error` or `cancelled`. The worker makes the call (with the server's Origin rule held for
 * the pull's length); `cancel` or closing the port aborts it, and Ollama stops the download.
 */
export function handlePullPort(port: Port, services: Services, self: ExtensionIdentity): void {
  if (port.name !== PULL_PORT_NAME || classifySender(port.sender ?? {}, self) !== 'extension-page') {
    port.disconnect();
    return;
  }
  let connected = true;
  let running: AbortController | undefined;
  const post = (message: PullServerMessage) => {
    if (connected) port.postMessage(message);
  };
  port.onMessage.addListener((raw: unknown) => {
    const parsed = PullClientMessage.safeParse(raw);
    if (!parsed.success) {
      post({ type: 'error', phrase: phrase('answer_notUnderstood') });
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      running?.abort();
      return;
    }
    if (running) return;
    const controller = new AbortController();
    running = controller;
    void pull(services, message.origin, message.model, controller.signal, post).finally(() => {
      if (running === controller) running = undefined;
    });
  });
  port.onDisconnect.addListener(() => {
    connected = false;
    running?.abort();
  });
}

async function pull(services: Services, origin: string, model: string, signal: AbortSignal, post: (message: PullServerMessage) => void): Promise<void> {
  const release = services.keepAlive.acquire();
  const conn: Connection = { provider: 'ollama', secret: {}, settings: { baseUrl: origin } };
  const ctx = errorContextFor(conn, model, services.extensionOrigin);
  const tracker = new PullTracker();
  let lastSent = 0;
  try {
    await services.localOrigins.with([origin], async () => {
      post({ type: 'progress', ...tracker.progress() });
      const { chunks } = await openStream(
        { url: `${origin}/api/pull`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ model, stream: true }) },
        options(services.fetch ? { fetch: services.fetch } : {}, signal, PULL_IDLE_MS),
        ctx,
        'ndjson',
      );
      for await (const line of ndjsonLines(chunks, ctx)) {
        const json = parseJson(line);
        if (json === NOT_JSON) continue;
        const step = tracker.update(json);
        if (step.kind === 'error') {
          const detail = safeProviderDetail(step.message, []);
          post({ type: 'error', phrase: detail === undefined ? phrase('localServers_pullFailed', model) : phrase('localServers_pullFailedSaid', model, detail) });
          return;
        }
        if (step.kind === 'success') {
          post({ type: 'progress', ...tracker.progress() });
          post({ type: 'done' });
          return;
        }
        if (step.kind === 'progress' && Date.now() - lastSent >= PROGRESS_EVERY_MS) {
          lastSent = Date.now();
          post({ type: 'progress', ...step.progress });
        }
      }
      // The stream ended without "success": Ollama stopped (or was stopped) before the model was written.
      post({ type: 'error', phrase: phrase('localServers_pullCut', model) });
    });
  } catch (error) {
    if (signal.aborted) post({ type: 'cancelled' });
    else post({ type: 'error', phrase: error instanceof ProviderError ? error.phrase : phrase('localServers_pullFailed', model) });
  } finally {
    release();
  }
}

/**
 * The connection doctor's steps for a local server the test could not use: a server of the same
 * kind found on another usual port (wrong port), how to start it, or how to let it accept the
 * extension, in the words for the user's operating system.
 */
export async function diagnose(services: Services, connection: Connection, verdict: ConnectionTest['result']): Promise<Phrase[]> {
  // The keyless models run inside the browser: there is no server to diagnose.
  if ((verdict !== 'not-reachable' && verdict !== 'origin-refused') || isKeyless(connection.provider)) return [];
  const provider = connection.provider;
  const [serverOrigin] = localServerOrigins(provider, connection.settings);
  if (serverOrigin === undefined) return [];
  const [os, found] = await Promise.all([
    operatingSystem(),
    verdict === 'not-reachable' ? findLocalServers(services).catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const servers = found?.servers ?? [];
  const elsewhere = servers.find((server) => server.provider === provider) ?? (provider === 'ollama' ? undefined : servers.find((server) => server.api !== 'ollama'));
  return doctorFixes({ provider, verdict, os, serverOrigin, extensionOrigin: services.extensionOrigin ?? '', elsewhere });
}
