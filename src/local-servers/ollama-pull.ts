/**
 * Ollama's `POST /api/pull` progress stream, read into one progress bar. Ollama sends a line per
 * step (`{"status":"pulling manifest"}`), a line per layer and progress step
 * (`{"status":"pulling dde5aa3fc5ff","digest":"sha256:…","total":N,"completed":M}`), then
 * `verifying sha256 digest`, `writing manifest`, `success`; or `{"error":"…"}` when the pull fails.
 * A model has several layers, each reported from 0 to its own total: the bar shows the bytes of
 * all the layers seen so far against their summed totals, so it never jumps back to 0.
 */

/** Ollama's model names: `name`, `name:tag`, `namespace/name:tag`, `host/namespace/name:tag`. */
export const OLLAMA_MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

export type PullPhase = 'starting' | 'downloading' | 'verifying' | 'finishing';

export interface PullProgress {
  phase: PullPhase;
  completed: number;
  total: number;
}

export type PullStep = { kind: 'progress'; progress: PullProgress } | { kind: 'success' } | { kind: 'error'; message: string } | { kind: 'ignored' };

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

export class PullTracker {
  private readonly layers = new Map<string, { total: number; completed: number }>();
  private phase: PullPhase = 'starting';

  /** One parsed line of the stream. */
  update(line: unknown): PullStep {
    const fields = record(line);
    if (fields === undefined) return { kind: 'ignored' };
    if (typeof fields['error'] === 'string') return { kind: 'error', message: fields['error'] };
    const status = typeof fields['status'] === 'string' ? fields['status'] : '';
    if (status === 'success') return { kind: 'success' };
    const digest = typeof fields['digest'] === 'string' ? fields['digest'] : undefined;
    const total = count(fields['total']);
    if (digest !== undefined && total !== undefined) {
      const layer = this.layers.get(digest) ?? { total, completed: 0 };
      layer.total = total;
      layer.completed = Math.min(total, Math.max(layer.completed, count(fields['completed']) ?? 0));
      this.layers.set(digest, layer);
      this.phase = 'downloading';
    } else if (/verifying/i.test(status)) this.phase = 'verifying';
    else if (/writing|removing/i.test(status)) this.phase = 'finishing';
    return { kind: 'progress', progress: this.progress() };
  }

  progress(): PullProgress {
    let total = 0;
    let completed = 0;
    for (const layer of this.layers.values()) {
      total += layer.total;
      completed += layer.completed;
    }
    return { phase: this.phase, completed, total };
  }
}
