import { describe, expect, test } from 'vitest';
import { createRouter, type Handlers } from '@/src/messaging/router';
import { protocol, type MessageType, type Reply } from '@/src/messaging/protocol';
import { ERROR_CODES } from '@/src/shared/errors';
import { createHarness, CANARY_KEY, PASSPHRASE } from '../unit/helpers/harness';
import { ALL_TYPES, REQUESTS, expectedOutcome, generateCases, type FuzzCase } from './fuzz/messages';
import { fuzzSeed, Rng } from './fuzz/prng';
import { isOurContentScript, isOurHiddenPage, isOurPage, randomSender, type FuzzSender } from './fuzz/senders';
import { renderEnglish } from '../fixtures/messages';

/**
 * The router, fuzzed directly: tens of thousands of random messages from random senders (our
 * pages, our content script, other extensions, web pages, and look-alikes of each). Beyond the
 * fixed cases of tests/unit/messaging: prototype-named keys and types, deep and huge values,
 * odd sender URLs, and handlers that misbehave with a key in hand. Print the seed; replay a
 * failure with FUZZ_SEED=<seed>.
 */

const SELF = { id: 'ourextensionidourextensionidabcd', origin: 'chrome-extension://ourextensionidourextensionidabcd' };
const OPTIONS_PAGE: FuzzSender = { id: SELF.id, url: `${SELF.origin}/options.html`, origin: SELF.origin };
const CONTENT_SCRIPT: FuzzSender = { id: SELF.id, url: 'https://example.com/article', origin: 'https://example.com', tab: { id: 7 }, frameId: 0 };
/** The router's own refusals, as phrases (the worker sends message names, never words). */
const ROUTER_MESSAGES = new Set(['error_notUnderstood', 'error_unknownRequest', 'error_forbiddenSender', 'error_invalidFields']);
const seed = fuzzSeed();
const targets = { keyId: 'key-0001', passphrase: PASSPHRASE };

/** A copy of a case's message as the browser delivers it (JSON), with "__proto__" kept as an own key. */
const delivered = (fuzzCase: FuzzCase): unknown => JSON.parse(fuzzCase.json);

/** Handlers that misbehave holding the key: each either returns it (off-schema) or throws it. */
function leakyHandlers(calls: MessageType[]): Handlers {
  const handlers: Partial<Record<MessageType, (payload: unknown) => Promise<unknown>>> = {};
  for (const type of ALL_TYPES) {
    handlers[type] = async (payload: unknown) => {
      calls.push(type);
      // The handler only ever sees a payload its schema accepts.
      if (!protocol[type].request.safeParse(payload).success) throw new Error(`${type} handler got an invalid payload`);
      if (calls.length % 2 === 0) throw new Error(`provider said no to ${CANARY_KEY}`);
      return { secret: CANARY_KEY, keys: [{ apiKey: CANARY_KEY }] };
    };
  }
  return handlers as unknown as Handlers;
}

function expectTypedRefusal(reply: Reply<unknown>): asserts reply is Extract<Reply<unknown>, { ok: false }> {
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(ERROR_CODES).toContain(reply.error.code);
  expect(reply.error).not.toHaveProperty('message');
  expect(renderEnglish(reply.error.phrase)).not.toBe('');
}

describe(`router fuzz (seed ${seed}, replay with FUZZ_SEED=${seed})`, () => {
  test('every "would succeed" payload of the fuzzers passes its schema (so refusals are about the sender)', () => {
    const rng = new Rng(seed);
    for (const type of ALL_TYPES) {
      for (let round = 0; round < 5; round += 1) {
        expect(protocol[type].request.safeParse(REQUESTS[type].valid(targets, rng)).success, type).toBe(true);
      }
    }
  });

  test('15,000 random messages × random senders: a handler runs only for our pages (or our content script, or the hidden page, for their messages) with a valid payload, and no key ever comes back', { timeout: 120_000 }, async () => {
    console.log(`router fuzz seed: ${seed}`);
    const rng = new Rng(seed);
    const calls: MessageType[] = [];
    const route = createRouter(leakyHandlers(calls), SELF);
    const cases = generateCases(rng, targets, 15_000);
    const outcomes = new Map<string, number>();
    // Checked by hand and collected (one expect per message would dominate the run time).
    const problems: string[] = [];
    for (const fuzzCase of cases) {
      const sender = randomSender(rng, SELF);
      const before = calls.length;
      const reply = await route(delivered(fuzzCase), sender);
      const ran = calls.length > before;
      const kind = isOurPage(sender, SELF) ? 'extension-page' : isOurHiddenPage(sender, SELF) ? 'hidden-page' : isOurContentScript(sender, SELF) ? 'content-script' : 'other';
      const expected = expectedOutcome(fuzzCase, kind);
      const text = JSON.stringify(reply);
      const code = reply.ok ? 'ok' : reply.error.code;
      const wrong = [
        text.includes(CANARY_KEY) && 'the key came back',
        text.includes(PASSPHRASE) && 'the passphrase came back',
        ran !== (expected === 'accepted') && (ran ? 'a handler ran' : 'no handler ran'),
        // A handler that returns or throws the key still yields a typed error without it.
        code !== (expected === 'accepted' ? 'INTERNAL' : expected) && `got ${code}, expected ${expected === 'accepted' ? 'INTERNAL' : expected}`,
        !reply.ok && !(ERROR_CODES as readonly string[]).includes(reply.error.code) && 'an untyped error',
        !reply.ok && expected !== 'accepted' && !ROUTER_MESSAGES.has((reply.error.phrase as { key?: string }).key ?? '') && `phrase ${JSON.stringify(reply.error.phrase)}`,
      ].filter(Boolean);
      if (wrong.length > 0 && problems.length < 20) problems.push(`${wrong.join(', ')}: ${JSON.stringify(sender)} ${fuzzCase.json.slice(0, 200)}`);
      const outcome = `${kind} → ${ran ? 'handled' : code}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log('router fuzz outcomes:', Object.fromEntries(outcomes));
    expect(problems, `seed ${seed}`).toEqual([]);
    // The fuzzer reached every branch: refusals of each kind, and handlers from the right senders.
    for (const outcome of ['other → FORBIDDEN_SENDER', 'other → BAD_REQUEST', 'other → UNKNOWN_MESSAGE', 'extension-page → handled', 'extension-page → BAD_REQUEST', 'content-script → FORBIDDEN_SENDER', 'content-script → BAD_REQUEST', 'hidden-page → FORBIDDEN_SENDER', 'hidden-page → handled']) {
      expect(outcomes.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
  });

  test('a real unlocked vault behind the router: 3,000 fuzzed messages from our content script and our pages change nothing and leak nothing', { timeout: 120_000 }, async () => {
    const rng = new Rng(seed + 1);
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const key = await h.keys.add({ provider: 'openai', label: 'Canary', secret: { apiKey: CANARY_KEY }, settings: {} });
    const route = createRouter(h.handlers, SELF);
    const live = { keyId: key.id, passphrase: PASSPHRASE };
    const fromContent = generateCases(rng, live, 2000);
    const fromPage = generateCases(rng, live, 1000, { forOurPages: true }).filter((fuzzCase) => expectedOutcome(fuzzCase, 'extension-page') !== 'accepted');
    for (const [sender, kind, cases] of [[CONTENT_SCRIPT, 'content-script', fromContent], [OPTIONS_PAGE, 'extension-page', fromPage]] as const) {
      for (const fuzzCase of cases) {
        const reply = await route(delivered(fuzzCase), sender);
        const text = JSON.stringify(reply);
        expect(text).not.toContain(CANARY_KEY);
        expect(text).not.toContain(PASSPHRASE);
        expectTypedRefusal(reply);
        expect(reply.error.code, fuzzCase.json.slice(0, 200)).toBe(expectedOutcome(fuzzCase, kind));
      }
    }
    expect(await h.vault.state()).toBe('unlocked');
    const keys = await h.keys.list();
    expect(keys.map(({ id, label, settings }) => ({ id, label, settings }))).toEqual([{ id: key.id, label: 'Canary', settings: {} }]);
    expect((await h.keys.useSecret(key.id)).secret.apiKey).toBe(CANARY_KEY);
  });
});
