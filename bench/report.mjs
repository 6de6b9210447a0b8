/* global process, console */
// Writes BENCHMARKS.md from bench/results/*.json (see scripts/bench.sh). Plain Node, no build step.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.resolve(process.env.BENCH_RESULTS ?? path.join(root, 'bench', 'results'));
const buildDir = path.join(root, '.output', 'chrome-mv3');
const out = path.join(root, 'BENCHMARKS.md');

const rows = [];
const missing = [];
// A run of some benchmarks only (\`bash scripts/bench.sh --only <pattern>\`) keeps the other results in the
// folder: their rows say the date they were measured on.
const runStarted = existsSync(path.join(resultsDir, '.run-started')) ? statSync(path.join(resultsDir, '.run-started')).mtimeMs : 0;
for (const file of existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort() : []) {
  const measured = statSync(path.join(resultsDir, file)).mtime;
  const earlier = measured.getTime() < runStarted;
  for (const row of JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')).rows) {
    rows.push(earlier ? { ...row, note: `${row.note ? `${row.note}; ` : ''}measured in an earlier run (${measured.toISOString().slice(0, 16).replace('T', ' ')} UTC)` } : row);
  }
}
// What the numbers mean, written by hand (bench/notes.md): kept across runs, placed after the table.
const notesFile = path.join(root, 'bench', 'notes.md');
const notes = existsSync(notesFile) ? `${readFileSync(notesFile, 'utf8').trim()}\n\n` : '';
rows.sort((a, b) => a.order - b.order);
const expected = { 1: 'Worker cold wake', 2: 'First-token overhead', 3: 'Streaming at length', 4: 'Unlock', 5: 'Popup open', 6: 'Content script cost', 7: 'History at scale', 8: 'Memory', 9: 'Model picker open', 10: 'In-browser model', 11: 'Attachments', 12: 'Knowledge search', 13: 'Collections indexing' };
for (const [order, name] of Object.entries(expected)) if (!rows.some((row) => Math.floor(row.order) === Number(order))) missing.push(name);

const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
const cell = (s, unit) => (s ? (s.n > 1 ? `${fmt(s.median)} ${unit}` : `${fmt(s.median)} ${unit}`) : '—');
const spread = (s, unit) => (s && s.n > 1 ? `${fmt(s.min)}–${fmt(s.max)} ${unit} (p10–p90 ${fmt(s.p10)}–${fmt(s.p90)}, n=${s.n})` : s ? `single measurement` : '—');

// Sizes of every entry point: the script itself, or for a page every script and modulepreload its HTML loads.
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sizeRows = [];
let bridgeBytes = NaN;
if (existsSync(path.join(buildDir, 'manifest.json'))) {
  for (const file of readdirSync(buildDir).sort()) {
    let scripts;
    if (file.endsWith('.js')) scripts = [file];
    else if (file.endsWith('.html')) {
      const html = readFileSync(path.join(buildDir, file), 'utf8');
      scripts = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1].replace(/^\//, ''));
      scripts = [...new Set(scripts)];
    } else continue;
    let raw = 0;
    let gz = 0;
    for (const script of scripts) {
      const content = readFileSync(path.join(buildDir, script));
      raw += content.length;
      gz += gzipSync(content, { level: 9 }).length;
    }
    if (file === 'page-bridge.js') bridgeBytes = raw;
    sizeRows.push(`| ${file} | ${scripts.length} | ${kb(raw)} | ${kb(gz)} |`);
  }
}

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? 'unknown';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumVersion = sh(chromiumPath, ['--version']).split('\n')[0].replace(/\/usr\/bin\/chromium:.*$/, '').trim();
// Rows measured in Firefox (bench/firefox.bench.ts) get their own table, beside Chromium's.
const firefoxRows = rows.filter((row) => row.browser === 'firefox');
const chromiumRows = rows.filter((row) => row.browser !== 'firefox');
const firefoxPath = process.env.FIREFOX_PATH ?? (existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : '/usr/bin/firefox');
const firefoxVersion = sh(firefoxPath, ['--version']).split('\n')[0].trim();
const tableRow = (row) => {
  const unit = row.unit;
  return `| ${row.name} | ${cell(row.value, unit)} | ${spread(row.value, unit)} | ${row.baseline ? `${cell(row.baseline, unit)} (${row.baselineName}; ${spread(row.baseline, unit)})` : '—'} | ${row.goal} | ${row.met === null ? 'n/a' : row.met ? '**met**' : '**not met**'} | ${row.note ?? ''} |`;
};
const table = chromiumRows.map(tableRow);
const firefoxTable = firefoxRows.map(tableRow);
if (Number.isFinite(bridgeBytes)) {
  table.push(`| Selection toolbar script size (page-bridge.js, minified; registered only while the toolbar is on) | ${kb(bridgeBytes)} | — | — | < 10 KB | ${bridgeBytes < 10 * 1024 ? '**met**' : '**not met**'} | gzipped size in the table below |`);
}

const text = `# Benchmarks

Measured by \`npm run bench\` (\`scripts/bench.sh\`): it builds the extension (\`npx wxt build\`), runs every
benchmark (bench/suite.bench.ts: 1, 2, 4, 5, 6, 8; bench/streaming.bench.ts: 3 and the side panel's heap;
bench/history.bench.ts: 7; bench/model-picker.bench.ts: 9; bench/in-browser-model.bench.ts: 10) in real headless Chromium, then the Firefox ones (bench/firefox.bench.ts) in
headless Firefox, each with its baseline **in the same run**, and rewrites
this file. Numbers are what this machine measured on this date; the goals come from the issue
"Measure what users feel". A goal marked *not met* is reported as measured, not hidden.
Absolute numbers move with the load of the machine (a shared 2-CPU runner moved medians by up to ~1.6× between
two consecutive runs); the baseline measured beside each number in the same run is the comparison that holds.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus().length} CPUs (\`nproc\` ${sh('nproc', [])}), ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ${os.type()} ${os.release()}
- Browser: ${chromiumVersion} (headless, \`--no-sandbox --disable-gpu\`), driven by Playwright
- Node: ${process.version}
- Reproduce: \`npm run bench\` (or \`bash scripts/bench.sh\`; \`bash scripts/bench.sh --quick\` runs each benchmark once and leaves this file alone)

## Results

| Benchmark | Median | Spread (min–max) | Baseline, same run (median) | Goal | Result | Notes |
|---|---|---|---|---|---|---|
${table.join('\n')}

${missing.length ? `Not measured in this run: ${missing.join(', ')}.\n` : ''}
${notes}## Firefox

The benchmarks that make sense in Firefox (bench/firefox.bench.ts), in ${firefoxVersion} (headless, Debian's
\`firefox-esr\`, driven over WebDriver BiDi with puppeteer-core and the Firefox suite's fixtures) with the Firefox
build (\`.output/firefox-mv2\`, Manifest V2, persistent background page), each beside its own baseline measured in
the same Firefox in the same run. Compare a Firefox number with its Firefox baseline, not with Chromium's row.

${firefoxTable.length ? `| Benchmark | Median | Spread (min–max) | Baseline, same run (median) | Goal | Result | Notes |
|---|---|---|---|---|---|---|
${firefoxTable.join('\n')}
` : 'Not measured in this run.\n'}
## Entry point sizes (.output/chrome-mv3)

For a page: every script and modulepreload its HTML loads (shared chunks counted for each page).

| Entry point | Scripts | Minified | Gzipped (level 9) |
|---|---|---|---|
${sizeRows.join('\n')}

## How each benchmark is measured

1. **Worker cold wake**: a tiny MV3 extension (a worker that answers any message, built in a temp dir) is loaded
   next to Keyward in the same browser. Alternately, CDP \`ServiceWorker.stopAllWorkers\` stops the workers, then
   an extension page times \`chrome.runtime.sendMessage\` until the reply (Keyward: \`vault.status\` from the
   options page, with a vault and one key; empty: its own page).
   Where Keyward's wake goes (a one-off measurement on 2026-11-23, not rewritten by this script: a build with
   \`performance.now()\` marks in the worker, median of 15 wakes, same machine while other jobs ran): about 19 ms from
   the worker's start to the first statement of background.js (fetching and compiling the bundle), 10.5 ms
   evaluating its modules, 4 ms creating the services, 9 ms until the message reaches its listener, and the rest
   answering it (storage.session, IndexedDB). A CPU profile of a wake puts about 10 ms of its JavaScript in Dexie and
   4 ms in building zod schemas. A build that answered at once, before any database access, still took about 3× the empty worker:
   the bundle's size and start-up work, not the vault lookup, decide this number.
2. **First token**: from posting \`start\` on the \`keyward.chat\` port in the options page to the first text
   \`delta\` arriving in that page, against the mock provider (OpenAI protocol) answering at once; baseline is a
   streaming \`fetch\` from the same page to the same mock until the first content chunk. Cold: worker stopped
   before each send. (Measured to message arrival in the page, not to paint.) **Painted**: in popup.html (as a tab),
   the mock's model is picked, \`hi\` typed, and the time runs from the click on Send (capture listener) to the
   animation frame after the answer's first word appears in the page's text content; baseline: a streaming \`fetch\`
   from the same popup page whose first content chunk is written to the DOM, then the next frame.
3. **Streaming at length**: bench/streaming.bench.ts. The mock provider's \`long-markdown\` scenario
   (tests/mock-provider/long-markdown.ts) streams 20,000 tokens, one OpenAI SSE delta each (a word with its leading
   spaces, cut at 6 characters, or a newline; 4.4 characters on average), at 2,000 a second, paced against its clock:
   74 sections of heading, paragraph, nested and numbered lists, a code block, a table and a quote. sidepanel.html
   (as a tab, fresh browser per run) sends the question from its composer; the answer goes through the real worker,
   chat port and renderer. An init script in the panel records \`PerformanceObserver\` long tasks and the largest
   gap between animation frames from the click on Send to the complete answer. Last token: the mock notes (on its
   clock, \`performance.timeOrigin + performance.now()\`) when it has written the last byte; the panel notes when the
   last token first appears in an added DOM node, then the end of the next frame (a message posted from the next
   \`requestAnimationFrame\`, so at most one frame late). The panel's clock is aligned to the mock's with the
   fastest of 12 round trips to \`GET /__mock/clock\` (offset = midpoint of the round trip − mock time). Baseline:
   a plain streaming \`fetch\` of the same kind of stream from the same page, raw text appended to the DOM, same
   clocks. CPU: CDP \`Performance.getMetrics\` \`TaskDuration\` of the panel with \`timeDomain: threadTicks\`
   (thread time, so other load on the machine does not count), sampled every 40 ms with how far the panel has
   rendered; quarters are cut when the heading of the first section and of the sections at ¼, ½ and ¾ is in the DOM,
   the last ends with the complete answer. Linear means the last quarter costs at most 1.5× the first, per 1,000
   tokens and per DOM update (the renderer updates at most once a frame, so frames that grow with the answer become
   fewer and larger, which the cost per token alone can hide). The code blocks and tables in the DOM are counted to
   check the answer rendered as markdown.
4. **Unlock**: \`vault.lock\` then a timed \`vault.unlock\` round trip from the options page; baseline is
   \`importKey\` + \`deriveBits\` PBKDF2-SHA256 with the iteration count read from the vault header in IndexedDB
   and a random 32-byte salt, in the same page, alternating.
5. **Popup open**: 1,000 conversations are written through the real history store (\`openHistory()\`,
   bench/seed-history.ts bundled by Vite, evaluated in the options page). popup.html is opened as a tab; an init
   script records \`performance.now()\` (origin = navigation start) when the textarea labelled "Message" is
   visible and enabled. Baseline: a static page of the empty extension with the same textarea.
6. **Content script cost**: a generated ~0.8 MB HTML page on 127.0.0.1, loaded alternately in a browser with the
   extension and a second browser without it (Navigation Timing, start → \`loadEventEnd\`); first load discarded.
7. **History at scale**: bench/history.bench.ts. A synthetic history (tests/unit/history/synthetic.ts: made-up
   Zipf vocabulary, questions of 5–45 words, answers of 80–320) of 10,000 conversations × 20 messages goes through the
   product's JSON import (\`writeImport\` per file of 2,000, then \`buildPending\` builds the search index) in the
   options page, then the browser is restarted on the same profile (vault unlocked again) for the measurements.
   Before seeding, the same measurements on the empty history are the baselines. Popup open as in 5
   (the newest conversation is two hours old, so a new chat; then again after a question is added to it, so the popup
   reopens it). History list: click on "History" → frame after the first rows are in the page; scrolling: the list's
   scroll position moves 2,300 px per animation frame to the end, recording frame intervals (rAF) and
   \`PerformanceObserver\` long tasks, against the idle frame interval of the same page; jump: scroll position set to
   the bottom → frame after the oldest row is painted. Search: \`history.search\` (50 results, with snippets) timed
   in the page, per query kind; and in the history view, the input event of \`fill(query)\` → frame after the result
   count is in the page (this includes the view's debounce after the last keystroke). Size:
   \`navigator.storage.estimate()\`, and the LevelDB files of the extension's IndexedDB in the profile.
8. **Memory**: \`Runtime.getHeapUsage\` (used size) of the worker over the remote debugging port after two
   \`HeapProfiler.collectGarbage\`, idle and after 100 answers streamed through the chat port. **Side panel**
   (bench/streaming.bench.ts): the same reading over CDP on the side panel page, before sending (baseline) and after
   the 20,000-token answer of benchmark 3 is complete; and in a panel reopened on that conversation, which loads it
   from history (baseline: a fresh panel with an empty chat).
10. **In-browser model** (bench/in-browser-model.bench.ts, issue 17): the tests' tiny model
   (scripts/make-tiny-model.mjs) downloaded from a stand-in Hub through the options page, on WebAssembly (no
   WebGPU in headless Chromium). First token from the cache: \`start\` on the chat port → first \`delta\` in the
   page, with the model's offscreen document closed before each question (its idle alarm brought forward), so it
   holds opening the page, the runtime and loading the model from Cache Storage; baseline: the same question
   with the page open and the model loaded. Tokens per second: 256 tokens, from the first delta to the end.
   Memory: \`Runtime.getHeapUsage\` of the model's page over CDP (its target reached from an extension page's
   session) after answering: used heap plus the ArrayBuffer backing stores V8 reports.

In Firefox (bench/firefox.bench.ts), where it differs from the above:

- **Unlock**: as 4, to the persistent background page; baseline the same bundled hash-wasm Argon2id in the options page.
- **Popup open**: as 5 (1,000 conversations, popup.html as a tab, first open discarded), but Firefox runs no preload
  script in extension pages, so a page of the same add-on opens the tab (\`window.open\`) and watches the new document
  from the moment it replaces about:blank (checked at every turn of its event loop), with a mutation observer and
  every animation frame, until the "Message" textarea is visible and enabled; time on the new page's clock. Baseline:
  the same textarea in a static page of a second, empty add-on, opened and watched the same way by a page of that add-on.
- **Streaming at length**: as 3 (the same 20,000-token stream at 2,000 tokens/s into sidepanel.html as a tab, fresh
  Firefox per run, the same last-byte → painted measurement and plain-fetch baseline). Firefox has no Long Tasks API
  (\`PerformanceObserver.supportedEntryTypes\` has no 'longtask'), so the table counts intervals between animation
  frames over 50 ms instead, which is how a task over 50 ms shows to the user; no CPU-time or heap rows (no CDP).
`;
writeFileSync(out, text);
// eslint-disable-next-line no-console -- the report's one line of output
console.log(`Wrote ${path.relative(root, out)} (${rows.length} rows${missing.length ? `; missing: ${missing.join(', ')}` : ''}).`);
