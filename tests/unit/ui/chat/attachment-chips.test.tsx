// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReadAttachment } from '@/src/attachments/read-attachment';
import type { AttachmentPlan } from '@/src/ui/chat/attachment-plan';
import { AttachmentChips } from '@/src/ui/chat/AttachmentChips';
import type { ModelGroup } from '@/src/ui/chat/model-options';
import type { DraftAttachment } from '@/src/ui/chat/use-attachments';

// The plans are worked out from the catalog and the prices (attachment-plan.ts, tested with them);
// here each chip is given its plan, to check what the chip says about it.
let plans = new Map<string, AttachmentPlan>();
vi.mock('@/src/ui/chat/use-attachment-plans', () => ({ useAttachmentPlans: () => plans }));
vi.mock('@/src/ui/chat/use-selected-model', () => ({ useSelectedModel: () => ({ provider: 'openai', id: 'gpt-text-only', name: 'gpt-text-only' }) }));

afterEach(cleanup);

const photo: DraftAttachment = {
  id: 'photo-0001',
  name: 'holiday photo from the beach with a long name.jpg',
  size: 4_800_000,
  source: 'file',
  state: 'ready',
  preview: 'blob:chrome-extension://test/photo',
  read: {
    ref: { id: 'photo-0001', kind: 'image', name: 'holiday photo from the beach with a long name.jpg', mime: 'image/jpeg', size: 612_000, originalSize: 4_800_000, source: 'file', width: 2048, height: 1536, removed: 'location' },
    blob: new Blob(),
    original: { width: 4000, height: 3000 },
  } satisfies ReadAttachment,
};
const report: DraftAttachment = {
  id: 'report-001',
  name: 'report.pdf',
  size: 120_000,
  source: 'drop',
  state: 'ready',
  read: { ref: { id: 'report-001', kind: 'pdf', name: 'report.pdf', mime: 'application/pdf', size: 120_000, source: 'drop', pages: 12, scanned: false, textChars: 30_000 }, blob: new Blob(), text: '[Page 1]' },
};
const locked: DraftAttachment = { id: 'locked-001', name: 'locked.pdf', size: 5000, source: 'file', state: 'failed', problem: 'pdf-encrypted' };

const groups: ModelGroup[] = [
  {
    id: 'key:1',
    label: 'OpenAI',
    options: [
      { value: 'a', label: 'gpt-text-only', targets: [{ keyId: '1', model: 'gpt-text-only' }], usable: true, details: { name: 'gpt-text-only', source: 'OpenAI', keywords: '', badges: [] } },
      { value: 'b', label: 'gpt-4o', targets: [{ keyId: '1', model: 'gpt-4o' }], usable: true, details: { name: 'gpt-4o', source: 'OpenAI', keywords: '', badges: ['vision'] } },
    ],
  },
];

function renderChips(items: DraftAttachment[], onRemove = vi.fn()) {
  render(<AttachmentChips items={items} targets={[{ keyId: '1', model: 'gpt-text-only' }]} groups={groups} onRemove={onRemove} onPlans={() => undefined} />);
  return within(screen.getByRole('list', { name: 'Attachments' }));
}

describe('attachment chips', () => {
  it('shows a thumbnail, the size, tokens, cost, how it is sent and what reading removed', () => {
    plans = new Map([[photo.id, { delivery: 'image', tokens: 4195, estimated: true, cost: 0.00042 }]]);
    const list = renderChips([photo]);
    const chip = list.getByTestId('attachment-chip');
    expect(chip.querySelector('img')?.getAttribute('src')).toBe('blob:chrome-extension://test/photo');
    expect(within(chip).getByText(photo.name).getAttribute('title')).toBe(photo.name);
    expect(within(chip).getByTestId('attachment-details').textContent).toBe('612 kB · ~4,195 tokens · $0.00042 · sent as an image · location removed · downscaled from 4,000×3,000');
  });

  it('says a PDF read as text goes as text with its pages', () => {
    plans = new Map([[report.id, { delivery: 'pdf-text', tokens: 7500, estimated: true, cost: undefined }]]);
    const list = renderChips([report]);
    expect(list.getByTestId('attachment-details').textContent).toBe('120 kB · ~7,500 tokens · price unknown · sent as text, 12 pages');
  });

  it('puts a file that cannot be read in the problem state, with the reason', () => {
    plans = new Map();
    const list = renderChips([locked]);
    const chip = list.getByTestId('attachment-chip');
    expect(chip.getAttribute('data-state')).toBe('problem');
    expect(within(chip).getByRole('alert').textContent).toBe('This PDF is protected by a password: attach a copy saved without one.');
  });

  it('names models of the user that see when the chosen one cannot', () => {
    plans = new Map([[photo.id, { delivery: 'unsupported', tokens: 0, estimated: true, cost: 0 }]]);
    const list = renderChips([photo]);
    expect(list.getByRole('alert').textContent).toBe('gpt-text-only cannot see images: choose a model that can, such as gpt-4o.');
    expect(list.getByTestId('attachment-chip').getAttribute('data-state')).toBe('problem');
  });

  it('removes a chip by a button named after its file', () => {
    plans = new Map();
    const onRemove = vi.fn();
    const list = renderChips([photo, locked], onRemove);
    fireEvent.click(list.getByRole('button', { name: 'Remove locked.pdf' }));
    expect(onRemove).toHaveBeenCalledWith('locked-001');
  });
});
