import { browser } from '@/src/platform/browser';

/** Content scripts registered at run time (`scripting.registerContentScripts`, Chromium and Firefox 128+). */

interface ScriptingApi {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
  registerContentScripts(scripts: object[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

export interface ContentScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_start' | 'document_end' | 'document_idle';
  allFrames: boolean;
  persistAcrossSessions: boolean;
}

function scripting(): ScriptingApi | undefined {
  const api = (browser as unknown as { scripting?: Partial<ScriptingApi> }).scripting;
  return api?.registerContentScripts ? (api as ScriptingApi) : undefined;
}

/** Whether this browser can register content scripts at run time. */
export function canRegisterContentScripts(): boolean {
  return scripting() !== undefined;
}

/** Whether the script with this id is registered (false where the browser cannot tell). */
export async function isContentScriptRegistered(id: string): Promise<boolean> {
  const registered = await scripting()
    ?.getRegisteredContentScripts({ ids: [id] })
    .catch(() => []);
  return (registered ?? []).length > 0;
}

export async function registerContentScript(script: ContentScriptRegistration): Promise<void> {
  await scripting()?.registerContentScripts([script]);
}

export async function unregisterContentScript(id: string): Promise<void> {
  await scripting()?.unregisterContentScripts({ ids: [id] });
}
