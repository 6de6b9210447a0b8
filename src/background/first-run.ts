import { onFirstInstall } from '@/src/platform/runtime';
import { openOptionsPage } from '@/src/platform/tabs';

/**
 * First run: a new install opens the options page, where the welcome says what Keyward is and how
 * to start (src/ui/options/setup/Welcome.tsx). Updates and browser starts open nothing.
 */
export function startFirstRun(): void {
  onFirstInstall(() => {
    void openOptionsPage().catch((error: unknown) => console.warn('Keyward: could not open the welcome page.', error));
  });
}
