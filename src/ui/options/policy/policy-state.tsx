import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { send } from '@/src/messaging/client';
import { onManagedStorageChanged } from '@/src/platform/managed-storage';
import { policyInForce } from '@/src/policy/policy';
import type { PolicyState, PolicyView } from '@/src/policy/schema';

/**
 * The organisation policy as the options page shows it: asked of the worker (which checked it,
 * and never sends the gateway's key), and asked again as soon as the administrator changes it.
 * Undefined until the first answer; a page that cannot ask shows no policy, and the worker still
 * refuses what the policy forbids.
 */
const PolicyContext = createContext<PolicyState | undefined>(undefined);

export function PolicyProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<PolicyState | undefined>();
  useEffect(() => {
    let current = true;
    const load = () =>
      void send('policy.get', {}).then(
        (next) => current && setState(next),
        () => undefined,
      );
    load();
    // Watching is a convenience for the page (the worker applies a change on its own): a page that
    // cannot watch still renders and shows the policy it read.
    let stop = () => undefined as unknown;
    try {
      stop = onManagedStorageChanged(load);
    } catch {
      // No storage events in this context.
    }
    return () => {
      current = false;
      stop();
    };
  }, []);
  return <PolicyContext.Provider value={state}>{children}</PolicyContext.Provider>;
}

export function usePolicyState(): PolicyState | undefined {
  return useContext(PolicyContext);
}

/** The policy in force, or undefined (none, rejected, or not known yet). */
export function usePolicy(): PolicyView | undefined {
  const state = usePolicyState();
  return state && policyInForce(state);
}
