import { textLanguage } from '@/src/shared/i18n/text';
import { browserUiLanguage } from '@/src/platform/runtime';
import { defineLocalItem } from '@/src/platform/storage-item';
import { normalizeSiteEntry } from './site-match';

/**
 * The page tools' preferences, in the local store (src/platform/local-store.ts), which content
 * scripts cannot reach: the selection toolbar asks the worker whether it may appear on its page
 * (`page.toolbarState`) instead of reading the lists. Every read tolerates damaged values.
 * Plain checks rather than a schema library: the background worker imports this and must stay small.
 */

export const MAX_SITE_ENTRIES = 500;

export interface ToolbarSettings {
  /** Off by default: nothing appears on pages until the user turns it on. */
  enabled: boolean;
  /** Sites where the toolbar never appears. */
  offSites: string[];
}

export const DEFAULT_TOOLBAR: ToolbarSettings = { enabled: false, offSites: [] };

/** Keeps only valid, normalized, distinct entries of a stored list. */
export function cleanSiteList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    const entry = typeof item === 'string' ? normalizeSiteEntry(item) : undefined;
    if (entry !== undefined && !out.includes(entry)) out.push(entry);
    if (out.length >= MAX_SITE_ENTRIES) break;
  }
  return out;
}

/** Sites whose pages and selections are never sent to a model. */
export const neverSendItem = defineLocalItem<string[]>('neverSendSites', { parse: cleanSiteList, fallback: () => [] });

export function readNeverSend(): Promise<string[]> {
  return neverSendItem.get();
}

async function writeNeverSend(list: string[]): Promise<string[]> {
  const clean = cleanSiteList(list);
  await neverSendItem.set(clean);
  return clean;
}

/** Adds a site (as typed or as a URL) to the never-send list; undefined when it names no host. */
export async function addNeverSend(input: string): Promise<string[] | undefined> {
  const entry = normalizeSiteEntry(input);
  if (entry === undefined) return undefined;
  const list = await readNeverSend();
  if (list.includes(entry)) return list;
  if (list.length >= MAX_SITE_ENTRIES) throw new RangeError('The never-send list is full.');
  return writeNeverSend([...list, entry]);
}

export async function removeNeverSend(entry: string): Promise<string[]> {
  return writeNeverSend((await readNeverSend()).filter((item) => item !== entry));
}

export function parseToolbarSettings(value: unknown): ToolbarSettings {
  if (typeof value !== 'object' || value === null) return { ...DEFAULT_TOOLBAR };
  const { enabled, offSites } = value as { enabled?: unknown; offSites?: unknown };
  return { enabled: enabled === true, offSites: cleanSiteList(offSites) };
}

export const toolbarItem = defineLocalItem<ToolbarSettings>('selectionToolbar', { parse: parseToolbarSettings, fallback: () => ({ ...DEFAULT_TOOLBAR, offSites: [] }) });

export function readToolbarSettings(): Promise<ToolbarSettings> {
  return toolbarItem.get();
}

export async function writeToolbarSettings(update: Partial<ToolbarSettings>): Promise<ToolbarSettings> {
  const current = await readToolbarSettings();
  const next: ToolbarSettings = {
    enabled: update.enabled ?? current.enabled,
    offSites: update.offSites === undefined ? current.offSites : cleanSiteList(update.offSites),
  };
  await toolbarItem.set(next);
  return next;
}

/** The browser's UI language, the default translation target. */
export function browserLanguage(): string {
  try {
    return browserUiLanguage() || 'en';
  } catch {
    return 'en';
  }
}

export function isLanguageTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 35 && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
}

/** The language selections are translated into; the browser's UI language until the user picks one. */
export const translateLanguageItem = defineLocalItem<string>('translateLanguage', {
  parse: (value) => (isLanguageTag(value) ? value : undefined),
  fallback: browserLanguage,
});

export function readTranslateLanguage(): Promise<string> {
  return translateLanguageItem.get();
}

export async function writeTranslateLanguage(tag: string): Promise<string> {
  if (!isLanguageTag(tag)) throw new RangeError('Not a language tag.');
  await translateLanguageItem.set(tag);
  return tag;
}

/** A language's name in the language of the text around it ("French" for "fr"), or the tag itself. */
export function languageName(tag: string, displayIn: string = textLanguage()): string {
  try {
    return new Intl.DisplayNames([displayIn, 'en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
