// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOAST_MS, ToastProvider, useToast } from '@/src/ui/shared/Toasts';

function Saver({ message }: { message: string }) {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast(message)}>
      Save {message}
    </button>
  );
}

function renderToasts(...messages: string[]) {
  return render(
    <ToastProvider>
      {messages.map((message) => (
        <Saver key={message} message={message} />
      ))}
    </ToastProvider>,
  );
}

const region = () => screen.getByRole('status', { name: 'Notifications' });

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('toasts', () => {
  it('are announced politely: the live region is in the page before any toast, and the toast appears in it', () => {
    renderToasts('Key saved');
    expect(region().getAttribute('aria-live')).toBe('polite');
    expect(region().textContent).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Save Key saved' }));
    expect(within(region()).getByText('Key saved')).toBeTruthy();
  });

  it('go away by themselves after about four seconds', () => {
    renderToasts('Exported');
    fireEvent.click(screen.getByRole('button', { name: 'Save Exported' }));
    act(() => vi.advanceTimersByTime(TOAST_MS - 100));
    expect(within(region()).queryByText('Exported')).not.toBeNull();
    act(() => vi.advanceTimersByTime(200));
    expect(within(region()).queryByText('Exported')).toBeNull();
    expect(TOAST_MS).toBeGreaterThanOrEqual(3_000);
    expect(TOAST_MS).toBeLessThanOrEqual(6_000);
  });

  it('can be dismissed at once, and each keeps its own time', () => {
    renderToasts('First', 'Second');
    fireEvent.click(screen.getByRole('button', { name: 'Save First' }));
    act(() => vi.advanceTimersByTime(2_000));
    fireEvent.click(screen.getByRole('button', { name: 'Save Second' }));
    const first = within(region()).getByText('First').closest('.toast') as HTMLElement;
    fireEvent.click(within(first).getByRole('button', { name: 'Dismiss' }));
    expect(within(region()).queryByText('First')).toBeNull();
    expect(within(region()).getByText('Second')).toBeTruthy();
    act(() => vi.advanceTimersByTime(TOAST_MS - 100));
    expect(within(region()).getByText('Second')).toBeTruthy();
    act(() => vi.advanceTimersByTime(200));
    expect(region().textContent).toBe('');
  });

  it('keep only the three newest when many come at once', () => {
    renderToasts('a1', 'a2', 'a3', 'a4');
    for (const name of ['a1', 'a2', 'a3', 'a4']) fireEvent.click(screen.getByRole('button', { name: `Save ${name}` }));
    expect(within(region()).queryByText('a1')).toBeNull();
    expect(['a2', 'a3', 'a4'].map((name) => within(region()).queryByText(name) !== null)).toEqual([true, true, true]);
  });

  it('need their provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Saver message="lost" />)).toThrow('useToast needs a ToastProvider above it.');
    vi.restoreAllMocks();
  });
});
