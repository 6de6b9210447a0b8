import { browser } from './browser.ts';
import type { TabSnapshot } from './tabs.ts';

/** Calls `listener` when the user presses one of the manifest's keyboard commands. Add it synchronously at the worker's start. */
export function onKeyboardCommand(listener: (command: string, tab?: TabSnapshot) => void): void {
  browser.commands.onCommand.addListener(listener);
}
