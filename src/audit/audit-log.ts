import type { UsageDatabase } from '@/src/usage/usage-db';
import type { AuditRow } from '@/src/usage/rows';
import type { AuditAction } from './actions';

export type AuditFields = Omit<AuditRow, 'seq' | 'at' | 'session' | 'action'> & { action: AuditAction };

export interface AuditBounds {
  /** Past this many entries, only the newest `keep` stay. */
  max: number;
  keep: number;
  /** Entries written at or after this time are kept whatever the count (an organisation's audit floor). */
  keepSince?: number | undefined;
}

/** A random id for the unlock, hashed (SHA-256) and truncated: enough to tell sessions apart, nothing more. */
async function newSessionHash(): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', crypto.getRandomValues(new Uint8Array(16)));
  return [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The audit log: one entry per provider call and per key, vault or budget event, written only by
 * the worker. Entries carry labels, counts and error classes; never a key, passphrase, prompt or answer.
 */
export class AuditLog {
  constructor(
    private readonly db: UsageDatabase,
    private readonly now: () => number,
    private readonly bounds: () => Promise<AuditBounds>,
  ) {}

  /** A complete entry for `fields`, stamped with the time and the session. */
  async entry(fields: AuditFields): Promise<AuditRow> {
    const session = (await this.db.meta.get('session'))?.value;
    return session === undefined ? { ...fields, at: this.now() } : { ...fields, at: this.now(), session };
  }

  /** Appends an entry. Never throws: an audit failure must not fail what it records. */
  async write(fields: AuditFields): Promise<void> {
    try {
      await this.db.audit.add(await this.entry(fields));
      await this.bound();
    } catch (error) {
      console.warn('Keyward: an audit entry could not be written.', error);
    }
  }

  /** Keeps the newest `keep` entries once there are more than `max`, and every entry since `keepSince`. */
  async bound(): Promise<number> {
    const { max, keep, keepSince } = await this.bounds();
    const count = await this.db.audit.count();
    if (count <= max) return 0;
    const drop = count - Math.min(keep, max);
    const last = await this.db.audit.orderBy('seq').offset(drop - 1).first();
    if (last?.seq === undefined) return 0;
    const older = this.db.audit.where('seq').belowOrEqual(last.seq);
    return keepSince === undefined ? older.delete() : older.filter((row) => row.at < keepSince).delete();
  }

  /** At unlock: a new session hash (kept in the usage database, so a worker restart keeps it). */
  async beginSession(): Promise<void> {
    await this.db.meta.put({ key: 'session', value: await newSessionHash() });
  }

  /** At lock, and at browser start (the session did not survive it). */
  async endSession(): Promise<void> {
    await this.db.meta.delete('session');
  }
}
