import { describe, expect, test } from 'vitest';
import { hubOrigins, memoryWarning } from '@/src/local-model/device';
import { HUB_REPO_ID, LOCAL_MODELS } from '@/src/local-model/catalog';

const GB = 1024 ** 3;

describe('memoryWarning', () => {
  test('warns when a model needs more than half of what the device reports, and says how much it reports', () => {
    expect(memoryWarning(2.1 * GB, 4)).toBe(4 * GB);
    expect(memoryWarning(1.9 * GB, 4)).toBeUndefined();
    // The browser caps deviceMemory at 8: nothing listed here is flagged on such a machine.
    for (const model of LOCAL_MODELS) expect(memoryWarning(model.memoryMb.q4 * 1e6, 8), model.id).toBeUndefined();
    expect(memoryWarning(2.8e9, 2)).toBe(2 * GB);
  });

  test('says nothing when the browser does not tell', () => {
    expect(memoryWarning(100 * GB, undefined)).toBeUndefined();
    expect(memoryWarning(100 * GB, 0)).toBeUndefined();
    expect(memoryWarning(100 * GB, Number.NaN)).toBeUndefined();
  });
});

describe('hubOrigins', () => {
  test('Hugging Face with the hosts its files redirect to; a mirror alone', () => {
    expect(hubOrigins(new URL('https://huggingface.co'))).toEqual(['https://huggingface.co/*', 'https://*.huggingface.co/*', 'https://*.hf.co/*']);
    expect(hubOrigins(new URL('https://hf-mirror.example:8443/sub'))).toEqual(['https://hf-mirror.example/*']);
  });
});

describe('the model list', () => {
  test('each listed model is a Hub repository with both forms sized, and a note', () => {
    expect(LOCAL_MODELS.length).toBeGreaterThanOrEqual(3);
    for (const model of LOCAL_MODELS) {
      expect(HUB_REPO_ID.test(model.id), model.id).toBe(true);
      expect(model.downloadMb.q4f16).toBeLessThan(model.downloadMb.q4);
      expect(model.memoryMb.q4f16).toBeGreaterThan(model.downloadMb.q4f16);
      // The catalog's stated estimate (src/local-model/catalog.ts): at least 1.5 times the download plus
      // 200 MB for a chat model (its context's cache grows as it writes), plus 50 MB for an embedding model
      // (one pass over at most a few hundred tokens, nothing kept).
      const overhead = model.kind === 'embedding' ? 50 : 200;
      for (const dtype of ['q4', 'q4f16'] as const) expect(model.memoryMb[dtype], `${model.id} ${dtype}`).toBeGreaterThanOrEqual(1.5 * model.downloadMb[dtype] + overhead);
      expect(model.note.length).toBeGreaterThan(10);
    }
    for (const bad of ['no-slash', 'a/b/c', '../x/y', 'owner/na me', '/x']) expect(HUB_REPO_ID.test(bad), bad).toBe(false);
  });
});
