import { onManagedStorageChanged, readManagedStorage } from '@/src/platform/managed-storage';
import type { Connection } from '@/src/providers/types';
import { checkPolicy } from './check';
import { policyInForce } from './policy';
import { GatewayPolicy, type PolicyState, type PolicyView } from './schema';

export interface PolicySource {
  read(): Promise<Record<string, unknown> | undefined>;
  /** Calls `listener` when the policy changes; returns the unsubscribe. */
  watch(listener: () => void): () => void;
}

export const managedStorageSource: PolicySource = { read: readManagedStorage, watch: onManagedStorageChanged };

/** The gateway the policy names, as a connection: built on each use, from the policy read again. */
export interface GatewayConnection {
  connection: Connection;
  /** The model the gateway answers with, when the policy fixes one. */
  model?: string;
}

/**
 * The organisation policy in the worker: the one owner of its state. The checked policy (without
 * the gateway's key) is kept until the administrator changes it, so each message reads it from
 * memory; a change while the browser runs drops it and the next read checks the new one at once.
 *
 * The gateway's key is never kept: like a vault key, it is read when an answer needs it and lives
 * only in that answer's connection (src/chat/chat-streams.ts), never in a log, an error, the
 * audit or a reply to a page.
 */
export class PolicyService {
  private state: Promise<PolicyState> | undefined;
  private readonly listeners = new Set<(state: PolicyState) => void>();

  constructor(private readonly source: PolicySource = managedStorageSource) {
    this.source.watch(() => {
      this.state = undefined;
      if (this.listeners.size === 0) return;
      void this.current().then((state) => {
        for (const listener of this.listeners) listener(state);
      });
    });
  }

  /** The policy's state: none, in force, or rejected whole. */
  current(): Promise<PolicyState> {
    const reading = (this.state ??= this.source.read().then(checkPolicy));
    // A failed read is tried again next time rather than kept.
    reading.catch(() => {
      if (this.state === reading) this.state = undefined;
    });
    return reading;
  }

  /** The policy in force, or undefined (none, or rejected: a rejected policy sets nothing). */
  async inForce(): Promise<PolicyView | undefined> {
    return policyInForce(await this.current());
  }

  /** Calls `listener` after the policy changed, with its new state. */
  onChange(listener: (state: PolicyState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The organisation gateway with its key, when a policy in force names one; read afresh for each answer. */
  async gateway(): Promise<GatewayConnection | undefined> {
    if (!(await this.inForce())?.gateway) return undefined;
    const raw = await this.source.read();
    // Checked whole again: the policy may have changed since the state was cached.
    if (checkPolicy(raw).status !== 'active') return undefined;
    const parsed = GatewayPolicy.safeParse(raw?.gateway);
    if (!parsed.success) return undefined;
    const { provider, baseUrl, apiKey, model } = parsed.data;
    const gateway: GatewayConnection = { connection: { provider, secret: { apiKey }, settings: { baseUrl }, organisation: true } };
    if (model !== undefined) gateway.model = model;
    return gateway;
  }
}
