import type { ChatTarget } from '@/src/chat/port-protocol';
import { strings } from '@/src/ui/strings';
import { sameTargets, type ModelGroup, type ModelOption } from '../model-options';

/** One line of the picker's list: a section heading or a choice. */
export type Row =
  | { kind: 'heading'; key: string; label: string }
  | { kind: 'option'; key: string; option: ModelOption; favourite: boolean };

export interface RowInput {
  groups: readonly ModelGroup[];
  /** Option values, in the order they were starred. */
  favourites: readonly string[];
  /** Newest first. */
  recent: readonly (readonly ChatTarget[])[];
  query: string;
}

/** Lower case, with separators as spaces, so "claude 3.5" finds `claude-3-5-sonnet` and `claude-3.5-sonnet`. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[-_/:.·—()]+/g, ' ');
}

function haystack(option: ModelOption, group: ModelGroup): string {
  const details = option.details;
  if (!details) return '';
  return `${normalise(details.name)} ${details.name.toLowerCase()} ${normalise(details.source)} ${normalise(group.label)} ${normalise(details.keywords)}`;
}

/** Every word of the query somewhere in the model's name, provider, key or family. */
export function matcher(query: string): (option: ModelOption, group: ModelGroup) => boolean {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  return (option, group) => {
    const text = haystack(option, group);
    return text !== '' && words.every((word) => text.includes(word));
  };
}

/**
 * The list the picker shows: favourites, then recently used (not repeated when starred), then each
 * group (a key, the built-in model, fallback chains) with its models, all filtered by the query.
 * A status line (loading, no models) shows only while nothing is searched.
 */
export function buildRows({ groups, favourites, recent, query }: RowInput): Row[] {
  const matches = matcher(query);
  const searching = query.trim() !== '';
  const starred = new Set(favourites);
  const all = groups.flatMap((group) => group.options.filter((option) => option.details).map((option) => ({ option, group })));
  const byValue = new Map(all.map((entry) => [entry.option.value, entry]));
  const rows: Row[] = [];
  const option = (key: string, entry: { option: ModelOption }): Row => ({ kind: 'option', key, option: entry.option, favourite: starred.has(entry.option.value) });

  const top = favourites.flatMap((value) => {
    const entry = byValue.get(value);
    return entry && matches(entry.option, entry.group) ? [entry] : [];
  });
  if (top.length > 0) {
    rows.push({ kind: 'heading', key: 'h:favourites', label: strings.chat.picker.favourites });
    for (const entry of top) rows.push(option(`f:${entry.option.value}`, entry));
  }
  const recentRows = recent.flatMap((targets) => {
    const entry = all.find((candidate) => candidate.option.usable && sameTargets(candidate.option.targets, targets));
    return entry && !starred.has(entry.option.value) && matches(entry.option, entry.group) ? [entry] : [];
  });
  if (recentRows.length > 0) {
    rows.push({ kind: 'heading', key: 'h:recent', label: strings.chat.picker.recent });
    for (const entry of recentRows) rows.push(option(`r:${entry.option.value}`, entry));
  }
  for (const group of groups) {
    const shown = group.options.filter((candidate) => (candidate.details ? matches(candidate, group) : !searching));
    if (shown.length === 0) continue;
    rows.push({ kind: 'heading', key: `h:${group.id}`, label: group.label });
    for (const candidate of shown) rows.push(option(`g:${candidate.value}`, { option: candidate }));
  }
  return rows;
}
