/**
 * What a store reviewer checks by hand, as data: which API use justifies each manifest permission,
 * which APIs need a permission, and what "the default content security policy or stricter" means.
 * Searched in the built bundles: property names survive minification (`x.alarms.create`).
 */

/** Evidence in the bundle that a declared permission is used. */
export const PERMISSION_USES: Record<string, RegExp> = {
  storage: /\.storage\.(?:local|session|sync|onChanged)\b/,
  alarms: /\.alarms\.(?:create|onAlarm|clear|get|getAll)\b/,
  scripting: /\.scripting\.(?:executeScript|insertCSS|registerContentScripts)\b/,
  // activeTab has no API of its own: it lets executeScript reach the tab the user invoked us on,
  // and captureVisibleTab screenshot it ("Capture this tab", "Capture a region").
  activeTab: /\.(?:scripting|tabs)\.executeScript\b|\.tabs\.captureVisibleTab\b/,
  contextMenus: /\.(?:contextMenus|menus)\.(?:create|onClicked|removeAll|update|remove)\b/,
  sidePanel: /\.sidePanel\.(?:open|setOptions|setPanelBehavior|getOptions)\b/,
  // Chrome: the local servers' Origin rules (src/platform/extension-origin.ts).
  declarativeNetRequestWithHostAccess: /\.declarativeNetRequest\.(?:updateSessionRules|getSessionRules)\b/,
  // Firefox: the same, with a blocking header listener.
  webRequest: /\.webRequest\.onBeforeSendHeaders\.addListener\b/,
  webRequestBlocking: /\.webRequest\.onBeforeSendHeaders\.addListener\b[\s\S]{0,400}["'`]blocking["'`]/,
  // The in-browser model's page (issue 17): opened when asked a question, closed when idle.
  offscreen: /\.offscreen\.(?:createDocument|closeDocument)\b/,
};

/** APIs that only work with a permission, and that permission (browser-specific ones say so). */
export const GATED_APIS: { api: RegExp; permission: string; browsers?: readonly ('chrome' | 'firefox')[] }[] = [
  { api: /\.storage\.(?:local|session|sync)\b/, permission: 'storage' },
  { api: /\.alarms\.(?:create|onAlarm|clear|get|getAll)\b/, permission: 'alarms' },
  { api: /\.scripting\.(?:executeScript|insertCSS|removeCSS|registerContentScripts)\b/, permission: 'scripting' },
  { api: /\.(?:contextMenus|menus)\.(?:create|onClicked|removeAll|update|remove)\b/, permission: 'contextMenus' },
  // Firefox has no sidePanel API (the code feature-detects it and uses sidebarAction there).
  { api: /\.sidePanel\.(?:open|setOptions|setPanelBehavior|getOptions)\b/, permission: 'sidePanel', browsers: ['chrome'] },
  // Screenshots need activeTab (or <all_urls>, which Keyward does not ask for): README.md, "Permissions".
  { api: /\.tabs\.captureVisibleTab\b/, permission: 'activeTab' },
  { api: /\.downloads\.(?:download|search|open)\b/, permission: 'downloads' },
  { api: /\.notifications\.(?:create|clear|update)\b/, permission: 'notifications' },
  { api: /\.cookies\.(?:get|getAll|set|remove)\b/, permission: 'cookies' },
  { api: /\.bookmarks\.(?:get|getTree|search|create|remove)\b/, permission: 'bookmarks' },
  { api: /\.history\.(?:search|addUrl|deleteUrl|getVisits|deleteAll)\b/, permission: 'history' },
  { api: /\.webRequest\.on[A-Z]/, permission: 'webRequest' },
  // Either permission opens the API; the one with host access has no install warning and is the one
  // declared (src/platform/extension-origin.ts), so it is the one required.
  { api: /\.declarativeNetRequest\.(?:updateDynamicRules|updateSessionRules|getDynamicRules|getSessionRules)\b/, permission: 'declarativeNetRequestWithHostAccess' },
  { api: /\.webRequest\.onBeforeSendHeaders\.addListener\b[\s\S]{0,400}["'`]blocking["'`]/, permission: 'webRequestBlocking' },
  // Firefox has no offscreen API (the code feature-detects it; the in-browser model is Chrome's for now).
  { api: /\.offscreen\.(?:createDocument|closeDocument)\b/, permission: 'offscreen', browsers: ['chrome'] },
  { api: /\.identity\.(?:getAuthToken|launchWebAuthFlow)\b/, permission: 'identity' },
  { api: /\.tabGroups\.(?:query|update|get)\b/, permission: 'tabGroups' },
  { api: /\.idle\.(?:queryState|onStateChanged)\b/, permission: 'idle' },
  { api: /\.management\.(?:getAll|getSelf|setEnabled)\b/, permission: 'management' },
  { api: /\.topSites\.get\b/, permission: 'topSites' },
  { api: /\.tts\.speak\b/, permission: 'tts' },
  { api: /\.debugger\.(?:attach|sendCommand)\b/, permission: 'debugger' },
  { api: /\.pageCapture\.saveAsMHTML\b/, permission: 'pageCapture' },
  { api: /\.sessions\.(?:getRecentlyClosed|restore)\b/, permission: 'sessions' },
  { api: /\.browsingData\.remove/, permission: 'browsingData' },
  { api: /\.proxy\.settings\b/, permission: 'proxy' },
  { api: /\.privacy\.(?:network|services|websites)\b/, permission: 'privacy' },
  { api: /\.tabs\.captureVisibleTab\b/, permission: 'activeTab' },
];

/** A match pattern's scheme and host, e.g. https://*.openai.azure.com/* → ['https', '*.openai.azure.com']. */
export function patternParts(pattern: string): { scheme: string; host: string } {
  const parsed = /^(\*|https?):\/\/([^/]+)\/.*$/.exec(pattern);
  if (!parsed) throw new Error(`not a host match pattern: ${pattern}`);
  return { scheme: parsed[1] as string, host: parsed[2] as string };
}

/** Whether a URL (its scheme and host) is covered by a match pattern, as the browser matches it. */
export function patternCovers(pattern: string, url: string): boolean {
  const { scheme, host } = patternParts(pattern);
  const target = new URL(url);
  if (scheme !== '*' && `${scheme}:` !== target.protocol) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) return target.hostname === host.slice(2) || target.hostname.endsWith(host.slice(1));
  return target.hostname === host;
}

/**
 * Provider origins the background calls: every literal http(s) URL in its bundle, with template
 * holes (`${…}`) filled by a sample value (`us-central1`, `my-resource`), so a templated host such as
 * `https://${location}-aiplatform.googleapis.com` is checked too. Documentation links are not calls.
 */
export function calledOrigins(backgroundJs: string): string[] {
  const found = new Set<string>();
  for (const [literal] of backgroundJs.matchAll(/https?:\/\/[A-Za-z0-9.${}()_,-]+/g)) {
    const filled = literal.replace(/\$\{[^}]*\}/g, 'sample1').replace(/\(.*$/, '');
    try {
      const url = new URL(filled);
      if (!url.hostname.includes('.') && url.hostname !== 'localhost') continue;
      found.add(`${url.protocol}//${url.hostname}`);
    } catch {
      // Not a URL after all.
    }
  }
  return [...found].sort();
}

export interface CspVerdict {
  ok: boolean;
  reason: string;
}

/**
 * The extension-pages policy is absent (the browser's default) or no looser than the default.
 * `allowWasm` also accepts 'wasm-unsafe-eval': it allows compiling WebAssembly, not eval() of
 * strings, and both stores accept it; the build needs it on Chrome and Firefox alike for the
 * vault's Argon2id (hash-wasm). Everything else beyond 'self'/'none' is still refused.
 */
export function cspAtLeastDefault(policy: string | undefined, allowWasm: boolean): CspVerdict {
  if (policy === undefined) return { ok: true, reason: 'absent: the browser default applies' };
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  const allowed = new Set(["'self'", "'none'", ...(allowWasm ? ["'wasm-unsafe-eval'"] : [])]);
  for (const directive of ['script-src', 'object-src']) {
    const values = directives.get(directive) ?? directives.get('default-src');
    if (values === undefined) return { ok: false, reason: `${directive} is missing (no default-src either)` };
    const loose = values.filter((value) => !allowed.has(value.toLowerCase()));
    if (loose.length > 0) return { ok: false, reason: `${directive} allows ${loose.join(' ')}` };
  }
  return { ok: true, reason: 'script-src and object-src allow nothing beyond the defaults' };
}
