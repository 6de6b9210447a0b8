import { protocol, type MessageType, type SenderKind } from '@/src/messaging/protocol';
import { TOOLBAR_ACTIONS } from '@/src/page/actions';
import { MAX_CONTEXT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS } from '@/src/page/limits';
import type { Rng } from './prng';

/**
 * Runtime messages for the fuzzers: privileged requests that would succeed from our own pages
 * (they use the real key id and passphrase), the same with malformed payloads, malformed
 * envelopes, unknown and prototype-named types, and bad requests for the content-script-only
 * message. Each case knows which refusal the router must give it for a given sender.
 */

export type RefusalCode = 'BAD_REQUEST' | 'UNKNOWN_MESSAGE' | 'FORBIDDEN_SENDER';

export interface FuzzCase {
  kind: 'privileged' | 'bad-payload' | 'bad-envelope' | 'unknown-type' | 'content-only';
  /** The message as JSON text: parsed where it is sent, so keys like "__proto__" stay own properties. */
  json: string;
  /** Set when the envelope is well formed and names a real message type. */
  type?: MessageType;
  /** The payload passes the type's request schema. */
  payloadValid: boolean;
  /** Very deep or very large: the browser may refuse to send it at all (then it was never delivered). */
  mayFailToSend: boolean;
}

/** The live values privileged messages aim at, so that each would do damage if it got through. */
export interface FuzzTargets {
  keyId: string;
  passphrase: string;
}

export const ALL_TYPES = Object.keys(protocol) as MessageType[];
/** Every message our content script may not send: the vault, keys, export, unlock, settings… */
export const PAGES_ONLY_TYPES = ALL_TYPES.filter((type) => !(protocol[type].allowedFrom as readonly SenderKind[]).includes('content-script'));
export const CONTENT_ONLY_TYPES = ALL_TYPES.filter((type) => !(protocol[type].allowedFrom as readonly SenderKind[]).includes('extension-page'));

/** Property names that are dangerous as keys or as message names. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
] as const;

const NEAR_MISS_TYPES = [
  'Keys.list',
  'keys.list ',
  ' keys.list',
  'keys.list\u0000',
  'keys/list',
  'keys.list.',
  'vault.export.',
  'vault',
  'keys',
  '',
  'page.selection',
  'page.info',
  'chat.start',
  'audit.list',
  'keys.export',
  'vault.dump',
  'keys.reveal',
  'settings.set',
  'vault.unlock\u200b',
];

type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'literal' | 'object' | 'array';

interface Field {
  kind: FieldKind;
  required: boolean;
  /** Longest valid string. */
  max?: number;
}

/** What the fuzzers know of each request: a payload that would succeed, and the shape of its fields. */
interface RequestModel {
  valid(targets: FuzzTargets, rng: Rng): Record<string, unknown>;
  fields: Record<string, Field>;
}

const str = (max: number, required = true): Field => ({ kind: 'string', required, max });
const literal = (required = true): Field => ({ kind: 'literal', required });
const object = (required = true): Field => ({ kind: 'object', required });
const NO_FIELDS: RequestModel = { valid: () => ({}), fields: {} };

export const REQUESTS: Record<MessageType, RequestModel> = {
  'vault.status': NO_FIELDS,
  'vault.create': { valid: (t) => ({ passphrase: `${t.passphrase}-again` }), fields: { passphrase: str(1024), keepSessionKeys: literal(false) } },
  'vault.unlock': { valid: (t) => ({ passphrase: t.passphrase }), fields: { passphrase: str(1024) } },
  'vault.lock': NO_FIELDS,
  'vault.changePassphrase': {
    valid: (t) => ({ current: t.passphrase, next: `${t.passphrase}-taken-over` }),
    fields: { current: str(1024), next: str(1024) },
  },
  'vault.wipe': { valid: (t) => ({ confirm: 'DELETE ALL KEYS', passphrase: t.passphrase }), fields: { confirm: literal(), passphrase: str(1024, false) } },
  'vault.export': { valid: (t) => ({ passphrase: t.passphrase }), fields: { passphrase: str(1024) } },
  'vault.import': { valid: (t) => ({ content: '{"format":"keyward-backup"}', passphrase: t.passphrase }), fields: { content: str(5_000_000), passphrase: str(1024) } },
  'settings.get': NO_FIELDS,
  'settings.update': {
    valid: (t, rng) => ({ autoLock: rng.pick(['browser-close', 240] as const), requestsPerMinutePerKey: 0, passphrase: t.passphrase }),
    fields: {
      autoLock: literal(false),
      requestsPerMinutePerKey: { kind: 'integer', required: false },
      fallbackChains: { kind: 'array', required: false },
      rotateAfterDays: { kind: 'integer', required: false },
      passphrase: str(1024, false),
    },
  },
  'keys.list': NO_FIELDS,
  'keys.add': {
    valid: () => ({ provider: 'openai', label: 'Planted by an attacker', secret: { apiKey: 'sk-proj-attackerattackerattacker00' }, settings: { baseUrl: 'http://127.0.0.1:9/v1' } }),
    fields: { provider: literal(), label: str(100), secret: object(), settings: object(), sessionOnly: literal(false) },
  },
  'keys.update': {
    valid: (t) => ({ id: t.keyId, label: 'Renamed by an attacker', settings: { baseUrl: 'http://127.0.0.1:9/v1' }, passphrase: t.passphrase }),
    fields: { id: str(64), label: str(100, false), settings: object(false), passphrase: str(1024, false), secret: object(false) },
  },
  'keys.rotate': { valid: (t) => ({ id: t.keyId, secret: { apiKey: 'sk-proj-attackerattackerattacker00' } }), fields: { id: str(64), secret: object() } },
  'keys.delete': { valid: (t) => ({ id: t.keyId }), fields: { id: str(64) } },
  'keys.keep': { valid: (t) => ({ id: t.keyId }), fields: { id: str(64) } },
  'keys.test': { valid: (t) => ({ id: t.keyId }), fields: { id: str(64) } },
  'models.list': { valid: (t) => ({ keyId: t.keyId }), fields: { keyId: str(64) } },
  'local.discover': NO_FIELDS,
  'spendSettings.get': NO_FIELDS,
  'spendSettings.update': { valid: () => ({ warnAt: 1, caps: [] }), fields: { warnAt: { kind: 'number', required: false }, caps: { kind: 'array', required: false } } },
  'budget.status': NO_FIELDS,
  'budget.override': { valid: () => ({ capId: 'cap-1' }), fields: { capId: str(64) } },
  'usage.deleteAll': { valid: () => ({ confirm: 'DELETE USAGE DATA', includeAudit: true }), fields: { confirm: literal(), includeAudit: { kind: 'boolean', required: true } } },
  'chat.answer': { valid: () => ({ id: 'answer-0001' }), fields: { id: str(64) } },
  'page.takePendingAction': { valid: () => ({ windowId: 1 }), fields: { windowId: { kind: 'integer', required: true } } },
  'page.openPanel': {
    valid: (_t, rng) => ({ action: rng.pick(TOOLBAR_ACTIONS), text: 'selected text', title: 'A page', url: 'https://example.com/' }),
    fields: { action: literal(), text: str(MAX_CONTEXT_CHARS), title: str(MAX_TITLE_CHARS), url: str(MAX_URL_CHARS) },
  },
  'page.toolbarState': NO_FIELDS,
  'knowledge.embed': {
    valid: (t) => ({ target: { keyId: t.keyId, model: 'text-embedding-3-small' }, texts: ['a text to embed'], purpose: 'query' }),
    fields: { target: object(), texts: { kind: 'array', required: true }, purpose: literal() },
  },
  'knowledge.models': NO_FIELDS,
  'knowledge.indexInBackground': NO_FIELDS,
  'policy.get': NO_FIELDS,
};

/** Sets a key as an own, enumerable property, even "__proto__" (which plain assignment would not). */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { a: value };
  return value;
}

/** A value of any JSON type, sometimes large or deep. */
function anyValue(rng: Rng): { value: unknown; heavy: boolean } {
  switch (rng.int(0, 9)) {
    case 0:
      return { value: null, heavy: false };
    case 1:
      return { value: rng.pick([0, -1, 1.5, 2 ** 53, -0, 1e300]), heavy: false };
    case 2:
      return { value: rng.chance(0.5), heavy: false };
    case 3:
      return { value: rng.text(40), heavy: false };
    case 4:
      return { value: [rng.text(5), 1, null], heavy: false };
    case 5:
      return { value: withOwnKey({ polluted: true }, rng.pick(PROTOTYPE_NAMES), { isAdmin: true, allowedFrom: ['content-script'] }), heavy: false };
    case 6:
      return { value: nested(rng.int(20, 400), 'deep', rng.chance(0.5)), heavy: true };
    case 7:
      return { value: 'x'.repeat(rng.int(10_000, 300_000)), heavy: true };
    case 8:
      return { value: { toString: 'keys.list', valueOf: 1, then: 'x' }, heavy: false };
    default:
      return { value: {}, heavy: false };
  }
}

/** A value that field kind `kind` does not accept. */
function wrongValueFor(kind: FieldKind, rng: Rng): unknown {
  const notString = [0, 1.5, true, null, [], {}, ['x'], { length: 3 }];
  switch (kind) {
    case 'string':
      return rng.pick(notString);
    case 'number':
      return rng.pick(['1', null, true, {}, [], -1e300]);
    case 'integer':
      return rng.pick(['1', null, true, {}, [], 1.5, -1]);
    case 'boolean':
      return rng.pick(['true', 1, 0, null, {}]);
    case 'literal':
      return rng.pick(['delete all keys', 'DELETE ALL KEYS ', 'OPENAI', 'openai ', 2, 0, '15', 'never', null, ['openai'], 'Ask']);
    case 'object':
      return rng.pick(['{}', 0, true, null, ['x']]);
    case 'array':
      return rng.pick(['[]', 0, true, null, { 0: 'x', length: 1 }]);
  }
}

interface Built {
  payload: unknown;
  heavy: boolean;
}

/** A payload the type's schema refuses, derived from a valid one. */
function malformedPayload(type: MessageType, targets: FuzzTargets, rng: Rng): Built {
  const model = REQUESTS[type];
  const base = model.valid(targets, rng);
  const names = Object.keys(model.fields);
  const required = names.filter((name) => model.fields[name]?.required);
  const bounded = names.filter((name) => model.fields[name]?.max !== undefined);
  const choice = rng.int(0, 5);
  if (choice === 0 || names.length === 0) {
    // Every request schema is a strict object: an unknown key, even a prototype name, is refused.
    const extra = anyValue(rng);
    const key = rng.chance(0.6) ? rng.pick(PROTOTYPE_NAMES) : rng.pick(['admin', 'sender', 'allowedFrom', 'tab', 'origin', 'isTrusted', `x${rng.text(8)}`]);
    return { payload: withOwnKey(base, key, extra.value), heavy: extra.heavy };
  }
  if (choice === 1) {
    const replacement = rng.pick<unknown>([null, 0, 'payload', true, [], [base], 'keys.list']);
    return { payload: replacement, heavy: false };
  }
  if (choice === 2 && required.length > 0) {
    delete base[rng.pick(required)];
    return { payload: base, heavy: false };
  }
  if (choice === 3 && bounded.length > 0) {
    const name = rng.pick(bounded);
    const max = model.fields[name]?.max ?? 0;
    const length = max + (rng.chance(0.8) ? rng.int(1, 64) : rng.int(1, 1_000_000));
    base[name] = 'A'.repeat(length);
    return { payload: base, heavy: length > 100_000 };
  }
  if (choice === 4) {
    const name = rng.pick(names);
    base[name] = nested(rng.int(10, 300), rng.text(4), rng.chance(0.5));
    return { payload: base, heavy: true };
  }
  const name = rng.pick(names);
  base[name] = wrongValueFor(model.fields[name]?.kind ?? 'string', rng);
  return { payload: base, heavy: false };
}

function envelope(type: unknown, payload: unknown): Record<string, unknown> {
  return { channel: 'keyward', type, payload };
}

function badEnvelope(rng: Rng, targets: FuzzTargets): Built {
  const type = rng.pick(ALL_TYPES);
  const payload = REQUESTS[type].valid(targets, rng);
  switch (rng.int(0, 7)) {
    case 0:
      return { payload: rng.pick<unknown>([null, 0, -1, '', 'keys.list', true, false, [], [envelope(type, payload)], 'keyward']), heavy: false };
    case 1:
      return { payload: { channel: rng.pick<unknown>(['Keyward', 'keyward ', 'keyward-page', '', null, 1, ['keyward']]), type, payload }, heavy: false };
    case 2: {
      const message: Record<string, unknown> = rng.chance(0.5) ? { channel: 'keyward', type } : { channel: 'keyward', payload };
      return { payload: message, heavy: false };
    }
    case 3:
      return { payload: envelope(rng.pick<unknown>([42, null, true, [type], { toString: type }, {}]), payload), heavy: false };
    case 4: {
      const long = rng.chance(0.8) ? `${type}${'x'.repeat(rng.int(65 - type.length, 200))}` : type.repeat(rng.int(10_000, 50_000));
      return { payload: envelope(long, payload), heavy: long.length > 100_000 };
    }
    case 5: {
      const key = rng.pick([...PROTOTYPE_NAMES, 'sender', 'tab', 'id', 'url', 'origin', 'allowedFrom']);
      const forged = { id: targets.keyId, url: 'chrome-extension://forged/options.html', kind: 'extension-page' };
      return { payload: withOwnKey(envelope(type, payload), key, forged), heavy: false };
    }
    case 6:
      return { payload: { ...envelope(type, payload), channel: undefined, Channel: 'keyward' }, heavy: false };
    default:
      return { payload: nested(rng.int(50, 2000), envelope(type, payload), rng.chance(0.5)), heavy: true };
  }
}

function unknownType(rng: Rng): string {
  const choice = rng.int(0, 2);
  if (choice === 0) return rng.pick(PROTOTYPE_NAMES);
  if (choice === 1) return rng.pick(NEAR_MISS_TYPES);
  const text = rng.text(64);
  return Object.prototype.hasOwnProperty.call(protocol, text) ? `${text}?` : text.slice(0, 64);
}

function toCase(kind: FuzzCase['kind'], built: Built, extra: { type?: MessageType; payloadValid: boolean }): FuzzCase {
  const json = JSON.stringify(built.payload);
  return { kind, json, payloadValid: extra.payloadValid, mayFailToSend: built.heavy, ...(extra.type === undefined ? {} : { type: extra.type }) };
}

/**
 * `count` messages of every kind. With `forOurPages`, nothing that would succeed from our own
 * pages is produced (they are the one sender that must be answered, so their share is malformed only).
 */
export function generateCases(rng: Rng, targets: FuzzTargets, count: number, options: { forOurPages?: boolean } = {}): FuzzCase[] {
  const cases: FuzzCase[] = [];
  while (cases.length < count) {
    const roll = rng.int(0, 9);
    if (roll <= 2 && !options.forOurPages) {
      const type = rng.pick(PAGES_ONLY_TYPES);
      cases.push(toCase('privileged', { payload: envelope(type, REQUESTS[type].valid(targets, rng)), heavy: false }, { type, payloadValid: true }));
    } else if (roll <= 5) {
      const type = rng.pick(PAGES_ONLY_TYPES);
      const built = malformedPayload(type, targets, rng);
      cases.push(toCase('bad-payload', { payload: envelope(type, built.payload), heavy: built.heavy }, { type, payloadValid: false }));
    } else if (roll <= 7) {
      cases.push(toCase('bad-envelope', badEnvelope(rng, targets), { payloadValid: false }));
    } else if (roll === 8) {
      cases.push(toCase('unknown-type', { payload: envelope(unknownType(rng), REQUESTS['vault.export'].valid(targets, rng)), heavy: false }, { payloadValid: false }));
    } else {
      const type = rng.pick(CONTENT_ONLY_TYPES);
      const valid = options.forOurPages === true && rng.chance(0.5);
      const built = valid ? { payload: REQUESTS[type].valid(targets, rng), heavy: false } : malformedPayload(type, targets, rng);
      cases.push(toCase('content-only', { payload: envelope(type, built.payload), heavy: built.heavy }, { type, payloadValid: valid }));
    }
  }
  return cases;
}

/**
 * The refusal the router owes `fuzzCase` from `sender` (our own page, our content script, or
 * anything else), or 'accepted' when it would run. The envelope is judged on the JSON the browser delivers.
 */
export function expectedOutcome(fuzzCase: FuzzCase, sender: SenderKind | 'other'): RefusalCode | 'accepted' {
  const message = JSON.parse(fuzzCase.json) as unknown;
  if (!isWellFormedEnvelope(message)) return 'BAD_REQUEST';
  if (!Object.prototype.hasOwnProperty.call(protocol, message.type)) return 'UNKNOWN_MESSAGE';
  const spec = protocol[message.type as MessageType];
  if (sender === 'other' || !(spec.allowedFrom as readonly SenderKind[]).includes(sender)) return 'FORBIDDEN_SENDER';
  return fuzzCase.payloadValid ? 'accepted' : 'BAD_REQUEST';
}

/** `{ channel: 'keyward', type: string ≤ 64, payload }` and nothing else, as the protocol defines it. */
function isWellFormedEnvelope(message: unknown): message is { channel: 'keyward'; type: string; payload: unknown } {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const keys = Object.keys(message).sort();
  const record = message as Record<string, unknown>;
  return keys.join(',') === 'channel,payload,type' && record.channel === 'keyward' && typeof record.type === 'string' && record.type.length <= 64;
}
