import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHandlers } from '@/src/background/handlers';
import type { Services } from '@/src/background/services';
import { protocol } from '@/src/messaging/protocol';
import { PROVIDER_IDS } from '@/src/providers/definitions';
import { adapterFor } from '@/src/providers/registry';
import { CHROME_BUILT_IN, IN_BROWSER, type AdapterProvider, type ProviderAdapter } from '@/src/providers/types';

/**
 * Conventions kept by a test rather than by memory (in the manner of refined-github's
 * build/features.test.ts): every message of the protocol has a handler, a sender and a test; every
 * provider adapter is in the registry and has a test.
 */
const ROOT = process.cwd();

function sourceFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => {
      const full = join(entry.parentPath, entry.name);
      return { path: relative(ROOT, full).replaceAll('\\', '/'), text: readFileSync(full, 'utf8') };
    });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MESSAGES = Object.keys(protocol);
/** This test's own directory is left out, or its own list would count as tests and senders. */
const TESTS = sourceFiles('tests').filter((file) => !file.path.startsWith('tests/unit/conventions/'));
/** Everything that could send a message: the pages, the page script and their modules, not the protocol or the worker. */
const SENDERS = [...sourceFiles('src'), ...sourceFiles('entrypoints')].filter(
  (file) => !file.path.startsWith('src/background/') && file.path !== 'src/messaging/protocol.ts',
);

describe('the message protocol', () => {
  test('has at least the messages this test was written against (the file lists are read)', () => {
    expect(MESSAGES.length).toBeGreaterThan(20);
    expect(TESTS.length).toBeGreaterThan(50);
    expect(SENDERS.some((file) => file.path === 'src/ui/popup/PopupApp.tsx')).toBe(true);
  });

  test('every message has exactly one handler in the background, and every handler a message', () => {
    // The handlers only close over the services; building them calls none.
    const stub = new Proxy({}, { get: () => stub }) as unknown as Services;
    const handlers = createHandlers(stub);
    expect(Object.keys(handlers).sort()).toEqual([...MESSAGES].sort());
    for (const name of MESSAGES) expect(typeof handlers[name as keyof typeof handlers], name).toBe('function');
  });

  test.each(MESSAGES)('%s is sent by some page or script', (name) => {
    // `send('x', …)` from the messaging client, `call('x', …)` from the options page's session wrapper, `type: 'x'` from the page script.
    const sent = new RegExp(`(\\b(send|call)\\(\\s*|\\btype:\\s*)'${escape(name)}'`);
    expect(SENDERS.filter((file) => sent.test(file.text)).map((file) => file.path), `no sender of ${name}: a dead protocol entry?`).not.toEqual([]);
  });

  test.each(MESSAGES)('%s is exercised by a test', (name) => {
    const quoted = new RegExp(`['"\`]${escape(name)}['"\`]`);
    expect(TESTS.filter((file) => quoted.test(file.text)).map((file) => file.path), `no test names ${name}`).not.toEqual([]);
  });
});

describe('provider adapters', () => {
  const ADAPTER_IDS: AdapterProvider[] = [...PROVIDER_IDS, CHROME_BUILT_IN, IN_BROWSER];
  const isAdapter = (value: unknown): value is ProviderAdapter =>
    typeof value === 'object' && value !== null && typeof (value as ProviderAdapter).streamChat === 'function' && typeof (value as ProviderAdapter).listModels === 'function';
  /** Every adapter object exported by a file of src/providers, with its export name and file. */
  const modules = import.meta.glob<Record<string, unknown>>('/src/providers/*.ts', { eager: true });
  const exported = Object.entries(modules).flatMap(([file, module]) =>
    Object.entries(module)
      .filter(([, value]) => isAdapter(value))
      .map(([name, value]) => ({ file, name, adapter: value as ProviderAdapter })),
  );
  const providerTests = sourceFiles('tests/unit/providers');

  test('src/providers exports the adapters this test was written against (the glob works)', () => {
    expect(exported.length).toBeGreaterThanOrEqual(9);
  });

  test.each(exported.map((entry) => [`${entry.name} (${entry.file})`, entry] as const))('%s is registered', (_label, entry) => {
    expect(ADAPTER_IDS.filter((id) => adapterFor(id) === entry.adapter), `${entry.name} is in no registry entry: dead code?`).not.toEqual([]);
  });

  test.each(ADAPTER_IDS)('the registry entry for %s is an adapter exported from its own file in src/providers', (id) => {
    expect(exported.some((entry) => entry.adapter === adapterFor(id))).toBe(true);
  });

  test.each(exported.map((entry) => [entry.name, entry] as const))('%s has a test in tests/unit/providers', (_name, entry) => {
    const ids = ADAPTER_IDS.filter((id) => adapterFor(id) === entry.adapter);
    const named = new RegExp(`\\b${escape(entry.name)}\\b|adapterFor\\('(${ids.map(escape).join('|')})'\\)`);
    expect(providerTests.filter((file) => named.test(file.text)).map((file) => file.path)).not.toEqual([]);
  });
});
