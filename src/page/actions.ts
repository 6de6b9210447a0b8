/**
 * Selection actions and the pending-action slot, without a schema library: the background worker
 * imports this and must stay small. What a panel takes is validated with pending-action.ts.
 */
export const SELECTION_ACTIONS = ['explain', 'summarize', 'translate', 'ask', 'prompt'] as const;
export type SelectionAction = (typeof SELECTION_ACTIONS)[number];

/** The toolbar offers these; it never runs anything itself. */
export const TOOLBAR_ACTIONS = ['ask', 'explain', 'summarize'] as const;
export type ToolbarAction = (typeof TOOLBAR_ACTIONS)[number];

/**
 * A selection action waiting for the side panel: the background writes it to `storage.session`
 * (memory only, closed to content scripts) under the window's key when the user picks a
 * context-menu item or a toolbar button; the panel of that window takes it (the worker reads and
 * removes it in one turn, so only one panel gets it) when it opens, or at once if it is already open.
 */
export interface PendingAction {
  id: string;
  action: SelectionAction;
  /** For `prompt`: the id of the user's prompt in the prompt library. */
  promptId?: string;
  text: string;
  totalChars: number;
  title: string;
  url: string;
  /** The tab the text came from, so the panel can tell when the user has moved on. */
  tabId?: number;
  /**
   * `menu`: the browser's context menu (a trusted user gesture, text from the browser's own
   * `selectionText`): the panel may run the action at once. `toolbar`: our floating toolbar inside
   * the page: the panel only attaches the text and waits for the user to click.
   */
  source: 'menu' | 'toolbar';
  createdAt: number;
}

/** An action older than this is dropped rather than run (the panel was opened much later). */
export const PENDING_TTL_MS = 2 * 60_000;

/** A refused action leaves this in the slot instead, so the panel can say why nothing happened. */
export interface BlockedNotice {
  blocked: true;
  site: string;
  createdAt: number;
}

/** Whether the panel may start the model without another click. */
export function runsAtOnce(action: PendingAction): boolean {
  return action.source === 'menu' && action.action !== 'ask';
}

export function isFresh(action: { createdAt: number }, now: number): boolean {
  return now - action.createdAt <= PENDING_TTL_MS && action.createdAt <= now + 5_000;
}
