/** What an audit entry records. Provider calls are `call.*` (a connection test is `key.tested`). */
export const AUDIT_ACTIONS = [
  'call.chat',
  'call.models',
  /** An embedding request (issue 19): tokens and cost, never the texts. */
  'call.embedding',
  'key.tested',
  'key.added',
  'key.updated',
  'key.rotated',
  'key.deleted',
  'vault.created',
  'vault.unlocked',
  'vault.locked',
  'vault.passphrase-changed',
  'vault.exported',
  'vault.imported',
  'vault.wiped',
  /** The auto-lock delay changed; `detail` is the new one. Loosening it needs the passphrase. */
  'vault.auto-lock-changed',
  'budget.override',
  'budget.override-used',
  'usage.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Key and vault events, as the compliance report counts them. */
export function isKeyEvent(action: string): boolean {
  return action.startsWith('key.') || action.startsWith('vault.');
}
