import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { OLLAMA_MODEL_NAME, PullTracker, type PullStep } from '@/src/local-servers/ollama-pull';

const FIXTURE = readFileSync(new URL('../../fixtures/providers/ollama-pull.chunks.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as unknown);

describe('the Ollama pull stream as one progress bar', () => {
  test('a real pull’s shape: bytes summed over layers, never going back, then success', () => {
    const tracker = new PullTracker();
    const steps: PullStep[] = FIXTURE.map((line) => tracker.update(line));
    const progress = steps.flatMap((step) => (step.kind === 'progress' ? [step.progress] : []));
    expect(steps.at(-1)).toEqual({ kind: 'success' });
    expect(progress[0]).toEqual({ phase: 'starting', completed: 0, total: 0 });
    const completed = progress.map((each) => each.completed);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    // The small layers after the weights add to the total instead of resetting the bar.
    const finalBytes = 2019377376 + 1429 + 7711 + 6016 + 96 + 561;
    expect(progress.at(-1)).toEqual({ phase: 'finishing', completed: finalBytes, total: finalBytes });
    expect(progress.some((each) => each.phase === 'downloading' && each.completed > 0 && each.completed < each.total)).toBe(true);
    expect(progress.some((each) => each.phase === 'verifying')).toBe(true);
  });

  test('an error line ends the pull with Ollama’s message', () => {
    const tracker = new PullTracker();
    tracker.update({ status: 'pulling manifest' });
    expect(tracker.update({ error: 'pull model manifest: file does not exist' })).toEqual({ kind: 'error', message: 'pull model manifest: file does not exist' });
  });

  test('model names: Ollama’s forms pass, anything else is refused before it is sent', () => {
    for (const name of ['llama3.2', 'llama3.2:3b', 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', 'library/qwen2.5:0.5b']) expect(name).toMatch(OLLAMA_MODEL_NAME);
    for (const name of ['', ' llama', 'llama 3', '../../etc', 'a'.repeat(201), 'x"}']) expect(OLLAMA_MODEL_NAME.test(name), name).toBe(false);
  });
});
