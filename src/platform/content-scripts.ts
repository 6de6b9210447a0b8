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

/**
 * Registers the script when it is `wanted` and not registered yet, unregisters it when it is not
 * wanted and registered; does nothing where the browser cannot register scripts at run time.
 * `wanted` is asked only where the browser can, beside the browser's list.
 */
export async function keepContentScriptRegistered(script: ContentScriptRegistration, wanted: () => Promise<boolean>): Promise<void> {
  const scripting = (browser as unknown as { scripting?: Partial<ScriptingApi> }).scripting;
  if (!scripting?.registerContentScripts) return;
  const api = scripting as ScriptingApi;
  const [want, registered] = await Promise.all([wanted(), api.getRegisteredContentScripts({ ids: [script.id] }).catch(() => [])]);
  if (want && registered.length === 0) await api.registerContentScripts([script]);
  else if (!want && registered.length > 0) await api.unregisterContentScripts({ ids: [script.id] });
}
