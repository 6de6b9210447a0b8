import { useEffect, useMemo, useState } from 'react';
import { hasHostAccess, hostAccessNeeded, type HostAccessNeed } from './host-access';

/**
 * Checks, as the base URL is typed, whether its origin is already allowed (permissions.contains),
 * so that the save handler knows at once whether it must ask, without awaiting anything first.
 */
export function useHostAccess(baseUrl: string | undefined): { need: HostAccessNeed | undefined; granted: boolean } {
  const need = useMemo(() => hostAccessNeeded(baseUrl), [baseUrl]);
  const [checked, setChecked] = useState<{ patterns: string; granted: boolean } | undefined>();

  useEffect(() => {
    if (!need) return;
    let current = true;
    const timer = setTimeout(() => {
      void hasHostAccess(need).then((granted) => {
        if (current) setChecked({ patterns: need.patterns.join(' '), granted });
      });
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [need]);

  const granted = need !== undefined && checked?.patterns === need.patterns.join(' ') && checked.granted;
  return { need, granted };
}
