import { hasOrigins } from '@/src/platform/permissions';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { expectedOrigins, isLoopbackHost } from '@/src/providers/hosts';
import { ProviderIdSchema, ProviderSettings } from '@/src/providers/schemas';

/**
 * Which origins the extension's own requests reach without an `Origin` header (see
 * src/platform/extension-origin.ts for how): the local model servers of the saved keys, plus, for
 * as long as each lasts, the servers of a draft's connection test, a port scan or a model pull.
 * One owner for the set, so that a key added, edited or deleted, a host permission granted or
 * removed, and a worker or browser restart all end in the same rules.
 */

/**
 * The origins a key's requests go to that are a local model server: any server of a local
 * provider (Ollama, LM Studio, … on this computer or another of the user's), and any server on
 * this computer (a custom OpenAI-compatible one). A hosted API is never one.
 */
export function localServerOrigins(provider: string, settings: ProviderSettings): string[] {
  if (!(provider in PROVIDERS)) return [];
  const local = PROVIDERS[provider as ProviderId].local;
  return expectedOrigins(provider, settings).filter((origin) => local || isLoopbackHost(new URL(origin).hostname));
}

export interface LocalOriginDeps {
  /** The local servers of the saved keys (from their non-secret settings: no unlock needed). */
  savedOrigins(): Promise<string[]>;
  /** Whether the user granted host access to an origin; a rule without it would do nothing. */
  isGranted(origin: string): Promise<boolean>;
  /** Replaces the browser's rules with exactly these origins. */
  apply(origins: string[]): Promise<void>;
}

export class LocalOriginAccess {
  private readonly leases = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private first: Promise<void> | undefined;

  constructor(private readonly deps: LocalOriginDeps) {}

  /** Brings the rules in line with the keys, the permissions and the leases; runs one at a time, in order. */
  sync(): Promise<void> {
    const run = this.queue.then(() => this.applyNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The first sync of this worker (started at the worker's start): awaited before a local server is called. */
  ready(): Promise<void> {
    return (this.first ??= this.sync().catch(() => undefined));
  }

  /** Runs `work` with these origins covered too (a draft's test, a port scan, a pull), then drops them. */
  async with<T>(origins: readonly string[], work: () => Promise<T>): Promise<T> {
    for (const origin of origins) this.leases.set(origin, (this.leases.get(origin) ?? 0) + 1);
    try {
      await this.ready();
      await this.sync().catch(() => undefined);
      return await work();
    } finally {
      for (const origin of origins) {
        const count = (this.leases.get(origin) ?? 1) - 1;
        if (count > 0) this.leases.set(origin, count);
        else this.leases.delete(origin);
      }
      void this.sync().catch(() => undefined);
    }
  }

  private async applyNow(): Promise<void> {
    const wanted = [...new Set([...(await this.deps.savedOrigins().catch(() => [])), ...this.leases.keys()])].sort();
    const granted = await Promise.all(wanted.map((origin) => this.deps.isGranted(origin).catch(() => false)));
    await this.deps.apply(wanted.filter((_, index) => granted[index]));
  }
}

/** Host access to an origin, as the options page asks for it (scheme and host, every port). */
export function originGranted(origin: string): Promise<boolean> {
  const url = new URL(origin);
  return hasOrigins([`${url.protocol}//${url.hostname}/*`]);
}

/** The local servers of the vault's key rows (their plaintext settings); a row that does not parse is skipped. */
export function savedLocalOrigins(rows: readonly unknown[]): string[] {
  return rows.flatMap((row) => {
    const fields = typeof row === 'object' && row !== null ? (row as { provider?: unknown; settings?: unknown }) : {};
    const provider = ProviderIdSchema.safeParse(fields.provider);
    const settings = ProviderSettings.safeParse(fields.settings);
    return provider.success && settings.success ? localServerOrigins(provider.data, settings.data) : [];
  });
}
