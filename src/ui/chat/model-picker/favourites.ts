import { useCallback, useEffect, useState } from 'react';
import { defineLocalItem } from '@/src/platform/storage-item';

/** More than anyone stars; a bound so a damaged or hostile value cannot grow without end. */
const MAX_FAVOURITES = 200;

/**
 * The models the user starred in the picker, by option value (`key:<keyId>:<model>`,
 * `builtin:<model>`, `chain:<id>`): a favourite is a model through one key. This item is the one
 * owner; the picker reads and writes it only here.
 */
export const favouritesItem = defineLocalItem<string[]>('modelFavourites', {
  parse(value) {
    if (!Array.isArray(value)) return undefined;
    return value.filter((entry): entry is string => typeof entry === 'string' && entry.length <= 500).slice(0, MAX_FAVOURITES);
  },
  fallback: () => [],
});

export interface Favourites {
  has(value: string): boolean;
  toggle(value: string): void;
  /** In the order they were starred. */
  values: readonly string[];
}

/** The starred models, kept in step with other pages (a star in the side panel shows in the popup). */
export function useFavourites(): Favourites {
  const [values, setValues] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void favouritesItem.get().then((stored) => live && setValues(stored), () => undefined);
    const unwatch = favouritesItem.watch((stored) => live && setValues(stored));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  const toggle = useCallback((value: string) => {
    setValues((current) => {
      const next = current.includes(value) ? current.filter((entry) => entry !== value) : [...current, value].slice(-MAX_FAVOURITES);
      void favouritesItem.set(next).catch(() => undefined);
      return next;
    });
  }, []);
  return { values, has: (value) => values.includes(value), toggle };
}
