/** Runs a callback later and returns how to cancel it. */
export type Scheduler = (callback: () => void) => () => void;

/** One DOM update per animation frame, however many deltas arrived in between. */
export const frameScheduler: Scheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(callback, 16);
  return () => clearTimeout(handle);
};
