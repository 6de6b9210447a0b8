// @vitest-environment happy-dom
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaptureError } from '@/src/attachments/capture';
import { useCaptureActions } from '@/src/ui/capture/use-capture-actions';

/**
 * The composer's two capture items: what they hand to `addAttachments`, when they are off and why,
 * and the words of a refusal. The capture itself is replaced (tests/unit/attachments/capture.test.ts
 * and tests/e2e/capture.spec.ts test it).
 */

const capture = vi.hoisted(() => ({ captureVisibleTab: vi.fn(), captureRegion: vi.fn() }));
vi.mock('@/src/attachments/capture', async (original) => ({ ...(await original<object>()), ...capture }));

afterEach(() => vi.clearAllMocks());

const item = (result: { current: ReturnType<typeof useCaptureActions> }, id: string) => {
  const found = result.current.items.find((entry) => entry.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('useCaptureActions', () => {
  it('hands the tab’s screenshot to addAttachments as a "tab" attachment, and a region as "region"', async () => {
    const tabFile = new File(['x'], 'Screenshot of example.com.png', { type: 'image/png' });
    const regionFile = new File(['y'], 'Screenshot of example.com (region).png', { type: 'image/png' });
    capture.captureVisibleTab.mockResolvedValue(tabFile);
    capture.captureRegion.mockResolvedValue(regionFile);
    const add = vi.fn();
    const { result } = renderHook(() => useCaptureActions(add));
    expect(result.current.items.map((entry) => [entry.label, entry.disabled])).toEqual([
      ['Capture this tab', false],
      ['Capture a region', false],
    ]);
    act(() => item(result, 'capture-tab').onSelect());
    await waitFor(() => expect(add).toHaveBeenCalledExactlyOnceWith([tabFile], 'tab'));
    await waitFor(() => expect(result.current.busy).toBe(false));
    act(() => item(result, 'capture-region').onSelect());
    await waitFor(() => expect(add).toHaveBeenLastCalledWith([regionFile], 'region'));
  });

  it('Escape (no file) adds nothing and says nothing', async () => {
    capture.captureRegion.mockResolvedValue(null);
    const add = vi.fn();
    const { result } = renderHook(() => useCaptureActions(add));
    act(() => item(result, 'capture-region').onSelect());
    await waitFor(() => expect(capture.captureRegion).toHaveBeenCalled());
    await waitFor(() => expect(result.current.busy).toBe(false));
    expect(add).not.toHaveBeenCalled();
    expect(result.current.error).toBeUndefined();
  });

  it('both items are off while a capture runs, saying so; a second choice starts nothing', async () => {
    let finish: (file: File | null) => void = () => undefined;
    capture.captureRegion.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const { result } = renderHook(() => useCaptureActions(vi.fn()));
    act(() => item(result, 'capture-region').onSelect());
    await waitFor(() => expect(result.current.busy).toBe(true));
    for (const id of ['capture-tab', 'capture-region']) expect(item(result, id)).toMatchObject({ disabled: true, disabledReason: 'Capturing…' });
    act(() => item(result, 'capture-tab').onSelect());
    expect(capture.captureVisibleTab).not.toHaveBeenCalled();
    act(() => finish(null));
    await waitFor(() => expect(result.current.busy).toBe(false));
    expect(item(result, 'capture-tab')).toMatchObject({ disabled: false, disabledReason: undefined });
  });

  it('in the popup the region is off (the popup closes when the page is clicked) and says where it works', () => {
    const { result } = renderHook(() => useCaptureActions(vi.fn(), { surface: 'popup' }));
    expect(item(result, 'capture-tab').disabled).toBe(false);
    expect(item(result, 'capture-region')).toMatchObject({ disabled: true, disabledReason: 'Capture a region from the side panel: this popup closes as soon as you click the page.' });
  });

  it('a never-send site: "Use this page"’s sentence; other refusals their own', async () => {
    capture.captureVisibleTab.mockRejectedValueOnce(new CaptureError('blocked', 'mail.example.com'));
    const { result } = renderHook(() => useCaptureActions(vi.fn()));
    act(() => item(result, 'capture-tab').onSelect());
    await waitFor(() => expect(result.current.error).toBe('mail.example.com is on your never-send list: Keyward does not read or send its text.'));
    capture.captureVisibleTab.mockRejectedValueOnce(new Error('boom'));
    act(() => item(result, 'capture-tab').onSelect());
    await waitFor(() => expect(result.current.error).toBe('The capture failed. Reload the tab and try again.'));
    act(() => result.current.clearError());
    expect(result.current.error).toBeUndefined();
  });
});
