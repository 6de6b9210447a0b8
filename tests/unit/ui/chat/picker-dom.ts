/**
 * Steps on the chat's model picker (a button that opens a searchable, virtualised listbox), for the
 * tests that choose a model or read the choice.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';

export const pickerButton = (): HTMLButtonElement => screen.getByRole('button', { name: /^Model: / });

/** The value of the chosen option (`key:<keyId>:<model>`, `chain:<id>`, `builtin:<model>`), '' when none. */
export const chosen = (): string => pickerButton().dataset['value'] ?? '';

export const searchBox = (): HTMLInputElement => screen.getByRole('combobox', { name: 'Search models' });
export const listbox = (): HTMLElement => screen.getByRole('listbox', { name: 'Models' });

export async function openPicker(): Promise<HTMLInputElement> {
  if (!screen.queryByRole('combobox', { name: 'Search models' })) fireEvent.click(pickerButton());
  return screen.findByRole('combobox', { name: 'Search models' });
}

/** The options shown, in order (a model can show twice: under Favourites or Recently used, and in its group). */
export const shownOptions = (): HTMLElement[] => within(listbox()).queryAllByRole('option', { hidden: true });

/** Section headings and their options' values, in order, as shown. */
export function sections(): { label: string; options: HTMLElement[] }[] {
  const result: { label: string; options: HTMLElement[] }[] = [];
  for (const item of Array.from(listbox().children) as HTMLElement[]) {
    if (item.getAttribute('role') === 'option') result.at(-1)?.options.push(item);
    else result.push({ label: item.textContent ?? '', options: [] });
  }
  return result;
}

/** Opens the picker, types `query` (to bring the model into view) and clicks the option with `value`. */
export async function choose(value: string, query = value.split(':').at(-1) ?? ''): Promise<void> {
  const restore = tall ? undefined : tallPickerList();
  try {
    await chooseShown(value, query);
  } finally {
    restore?.();
  }
}

async function chooseShown(value: string, query: string): Promise<void> {
  const box = await openPicker();
  fireEvent.change(box, { target: { value: query } });
  const option = await waitFor(() => {
    const found = shownOptions().find((candidate) => candidate.dataset['value'] === value);
    expect(found, `${value} among ${shownOptions().map((candidate) => candidate.dataset['value']).join(', ')}`).toBeTruthy();
    return found as HTMLElement;
  });
  fireEvent.click(option);
}

/**
 * happy-dom lays nothing out, so the virtual list would show only the rows that fit its initial
 * size; this gives the list's scroller a tall box (the virtualiser reads its clientWidth/Height) so every row of a test's short lists is in the DOM.
 */
let tall = false;

export function tallPickerList(height = 20_000): () => void {
  tall = true;
  const prototype = HTMLElement.prototype;
  const originals = (['clientHeight', 'clientWidth'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(prototype, name)] as const);
  const size = { clientHeight: height, clientWidth: 400 };
  for (const [name, original] of originals) {
    Object.defineProperty(prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        if (this.classList.contains('model-scroll')) return size[name];
        return original?.get?.call(this) ?? 0;
      },
    });
  }
  return () => {
    tall = false;
    for (const [name, original] of originals) if (original) Object.defineProperty(prototype, name, original);
  };
}

export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
