import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { defineSessionItems } from '@/src/platform/storage-item';
import { isFresh, SELECTION_ACTIONS, type BlockedNotice, type PendingAction as PendingActionShape } from './actions';
import { MAX_CONTEXT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS } from './limits';

export { isFresh, PENDING_TTL_MS, runsAtOnce, SELECTION_ACTIONS, TOOLBAR_ACTIONS } from './actions';
export type { BlockedNotice, SelectionAction, ToolbarAction } from './actions';

/** The panel checks a pending action against this before using it. */
export const PendingAction = lazySchema(() =>
  z.strictObject({
    id: z.string().check(z.minLength(8), z.maxLength(64)),
    action: z.enum(SELECTION_ACTIONS),
    promptId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    text: z.string().check(z.minLength(1), z.maxLength(MAX_CONTEXT_CHARS)),
    totalChars: z.int().check(z.gte(1)),
    title: z.string().check(z.maxLength(MAX_TITLE_CHARS)),
    url: z.string().check(z.maxLength(MAX_URL_CHARS)),
    tabId: z.optional(z.int()),
    source: z.enum(['menu', 'toolbar']),
    createdAt: z.number(),
  }),
);
export type PendingAction = PendingActionShape;

/** How long the panel still says why a refused action did nothing. */
const BLOCKED_NOTICE_TTL_MS = 120_000;

/** What a panel gets when it takes its window's slot: an action to run, or why one was refused. */
export const PendingEntry = lazySchema(() =>
  z.union([
    z.strictObject({ kind: z.literal('action'), action: PendingAction }),
    z.strictObject({ kind: z.literal('blocked'), site: z.string().check(z.maxLength(300)) }),
  ]),
);
export type PendingEntry = { kind: 'action'; action: PendingAction } | { kind: 'blocked'; site: string };

/** What a window's slot holds: an action for its panel, or why the last one was refused. */
export type PendingSlot = PendingAction | BlockedNotice;

function parseSlot(value: unknown): PendingSlot | undefined {
  const action = PendingAction.safeParse(value);
  if (action.success) return action.data;
  if (typeof value === 'object' && value !== null) {
    const { blocked, site, createdAt } = value as { blocked?: unknown; site?: unknown; createdAt?: unknown };
    if (blocked === true && typeof site === 'string' && typeof createdAt === 'number') return { blocked, site: site.slice(0, 300), createdAt };
  }
  return undefined;
}

/**
 * Each window's slot in `storage.session` (`pendingPanelAction:<windowId>`): the worker writes it
 * and takes it (src/background/selection-actions.ts), the panel only watches it.
 */
export const pendingSlot = defineSessionItems<PendingSlot | undefined>('pendingPanelAction', { parse: parseSlot, fallback: () => undefined });

/** The slot's value as an entry; undefined when it is stale. */
export function entryOf(slot: PendingSlot | undefined, now: number): PendingEntry | undefined {
  if (!slot) return undefined;
  if ('blocked' in slot) return now - slot.createdAt < BLOCKED_NOTICE_TTL_MS ? { kind: 'blocked', site: slot.site } : undefined;
  return isFresh(slot, now) ? { kind: 'action', action: slot } : undefined;
}

/** The slot's stored value as an entry; undefined when it is stale or not understood. */
export function parsePendingEntry(value: unknown, now: number): PendingEntry | undefined {
  return entryOf(parseSlot(value), now);
}
