import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

/** The committed tiny model is exactly what scripts/make-tiny-model.mjs writes: it can be made again, byte for byte. */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const COMMITTED = path.join(ROOT, 'tests', 'fixtures', 'tiny-model');
const fresh = mkdtempSync(path.join(os.tmpdir(), 'keyward-tiny-model-'));

afterAll(() => rmSync(fresh, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

test('the committed tiny models (chat and embedding) are what the script makes, byte for byte', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'make-tiny-model.mjs'), fresh]);
  const names = files(COMMITTED);
  expect(names).toEqual([
    'keyward-test/tiny-chat/config.json',
    'keyward-test/tiny-chat/generation_config.json',
    'keyward-test/tiny-chat/onnx/model_q4.onnx',
    'keyward-test/tiny-chat/tokenizer.json',
    'keyward-test/tiny-chat/tokenizer_config.json',
    'keyward-test/tiny-embed/config.json',
    'keyward-test/tiny-embed/onnx/model_q4.onnx',
    'keyward-test/tiny-embed/tokenizer.json',
    'keyward-test/tiny-embed/tokenizer_config.json',
  ]);
  expect(files(fresh)).toEqual(names);
  for (const name of names) expect(readFileSync(path.join(fresh, name)).equals(readFileSync(path.join(COMMITTED, name))), name).toBe(true);
  // A few hundred kilobytes, as the issue asks.
  const weights = readFileSync(path.join(COMMITTED, 'keyward-test/tiny-chat/onnx/model_q4.onnx')).length;
  expect(weights).toBeGreaterThan(100_000);
  expect(weights).toBeLessThan(1_000_000);
  const embedWeights = readFileSync(path.join(COMMITTED, 'keyward-test/tiny-embed/onnx/model_q4.onnx')).length;
  expect(embedWeights).toBeGreaterThan(100_000);
  expect(embedWeights).toBeLessThan(1_000_000);
});
