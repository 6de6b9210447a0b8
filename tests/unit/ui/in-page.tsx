import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement } from 'react';
import { VaultProvider } from '@/src/ui/shared/vault-state';

/** Renders a part of a page (the chat) the way the pages mount it: inside the page's vault state. */
export function renderInPage(ui: ReactElement, options: Omit<RenderOptions, 'wrapper'> = {}) {
  return render(ui, { ...options, wrapper: VaultProvider });
}
