/**
 * Measures the history in real Chromium IndexedDB (fake-indexeddb in Node is a different
 * engine: far slower for big transactions, faster for some reads). Run from the repository root:
 *   node --experimental-strip-types tests/unit/history/chromium-bench.ts [conversations] [messages] [chunk]
 * Defaults: 10000 conversations × 20 messages, imported 500 conversations at a time.
 * BENCH_PROFILE=/some/dir keeps the browser profile: a second run reuses the history built by
 * the first and only measures.
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const [conversations = 10_000, messages = 20, chunk = 500] = process.argv.slice(2).map(Number);
const outDir = mkdtempSync(path.join(tmpdir(), 'history-bench-'));

await build({
  configFile: false,
  logLevel: 'warn',
  resolve: { alias: { '@': root } },
  build: {
    outDir,
    minify: false,
    emptyOutDir: true,
    lib: { entry: path.join(import.meta.dirname, 'bench-page.ts'), formats: ['iife'], name: 'historyBench', fileName: () => 'bench.js' },
  },
});

const bundle = readFileSync(path.join(outDir, 'bench.js'));
const server = createServer((request, response) => {
  if (request.url === '/bench.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/bench.js"></script>');
});
// A kept profile needs the same origin every time, so the same port.
await new Promise<void>((resolve) => server.listen(process.env.BENCH_PROFILE ? 47_811 : 0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const profile = process.env.BENCH_PROFILE;
const context = profile
  ? await chromium.launchPersistentContext(profile, { executablePath, headless: true })
  : await (await chromium.launch({ executablePath, headless: true })).newContext();
const owner = context.browser();
try {
  const page = await context.newPage();
  page.setDefaultTimeout(0);
  page.on('crash', () => {
    console.error('The page crashed (out of memory?).');
    process.exit(1);
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await page.evaluate(
    (options) => (globalThis as unknown as { runBench: (o: typeof options) => Promise<unknown> }).runBench(options),
    { conversations, messages, chunk, reuse: profile !== undefined },
  );
  console.log(JSON.stringify({ chromium: owner?.version() ?? 'persistent profile', ...(result as object) }, null, 2));
} finally {
  await context.close();
  await owner?.close();
  server.close();
  rmSync(outDir, { recursive: true, force: true });
}
