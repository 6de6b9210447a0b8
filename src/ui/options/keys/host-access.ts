import { hasOrigins, requestOrigins } from '@/src/platform/permissions';
import type { ProviderSettings } from '@/src/providers/schemas';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { azureResourceOrigin, bedrockOrigin, BUILT_IN_PROVIDER_HOSTS, vertexOrigin } from '@/src/providers/hosts';

const MANIFEST_PATTERNS: readonly string[] = BUILT_IN_PROVIDER_HOSTS;

export interface HostAccessNeed {
  /** Shown to the user, such as https://proxy.example.com:8443. */
  origin: string;
  /**
   * The match patterns to ask for. Without the port: Firefox refuses ports in match patterns, and
   * a pattern without one covers every port in both browsers (the worker still sends a key only to
   * the exact origin, port included, that the key was saved with).
   */
  patterns: string[];
}

function matchesPattern(url: URL, pattern: string): boolean {
  const parsed = /^(https?|\*):\/\/([^/]+)\//.exec(pattern);
  if (!parsed) return false;
  const [, scheme, host] = parsed as unknown as [string, string, string];
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  const hostname = url.hostname.toLowerCase();
  if (host === '*') return true;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    return hostname === base || hostname.endsWith(`.${base}`);
  }
  return hostname === host;
}

/**
 * The permission a base URL needs beyond the manifest's host permissions, or undefined when the
 * manifest already covers it (or the URL is empty or not http(s): the background refuses those).
 */
export function hostAccessNeeded(baseUrl: string | undefined): HostAccessNeed | undefined {
  if (!baseUrl?.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (MANIFEST_PATTERNS.some((pattern) => matchesPattern(url, pattern))) return undefined;
  const patterns = [`${url.protocol}//${url.hostname}/*`];
  // Bedrock answers chats at bedrock-runtime.{region} and lists models at bedrock.{region}.
  const bedrock = /^bedrock-runtime\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname);
  if (bedrock) patterns.push(`https://bedrock.${bedrock[1] ?? ''}.amazonaws.com/*`);
  return { origin: url.origin, patterns };
}

/**
 * The server a key's requests go to: its base URL, else the host its settings name (Vertex AI's
 * regional host, the Azure resource, the Bedrock region), else the provider's default address
 * (a local server's usual port).
 */
export function serverUrlOf(provider: ProviderId, settings: ProviderSettings): string | undefined {
  if (settings.baseUrl?.trim()) return settings.baseUrl;
  if (provider === 'vertex') return vertexOrigin(settings);
  if (provider === 'azure-openai') return azureResourceOrigin(settings.azureResource);
  if (provider === 'bedrock') return bedrockOrigin('bedrock-runtime', settings.region);
  return PROVIDERS[provider].defaultBaseUrl;
}

export async function hasHostAccess(need: HostAccessNeed): Promise<boolean> {
  try {
    return await hasOrigins(need.patterns);
  } catch {
    return false;
  }
}

export type HostAccessOutcome = 'not-needed' | 'granted' | 'denied';

/**
 * Asks for access to a custom server. Call it synchronously from the click or submit handler,
 * before any await: browsers only show the prompt during a user gesture (Firefox drops the
 * gesture at the first await). `knownGranted` is the result of an earlier permissions.contains
 * check for the same origin, which skips the request when access is already there.
 */
export function requestHostAccess(need: HostAccessNeed | undefined, knownGranted: boolean): Promise<HostAccessOutcome> {
  if (!need) return Promise.resolve('not-needed');
  if (knownGranted) return Promise.resolve('granted');
  let request: Promise<boolean>;
  try {
    request = requestOrigins(need.patterns);
  } catch {
    return Promise.resolve('denied');
  }
  return request.then(
    (granted): HostAccessOutcome => (granted ? 'granted' : 'denied'),
    (): HostAccessOutcome => 'denied',
  );
}
