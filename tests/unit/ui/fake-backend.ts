import { cleanup } from '@testing-library/react';
import { afterEach, expect, type Mock } from 'vitest';
import { protocol, type MessageType, type RequestOf, type ResponseOf } from '@/src/messaging/protocol';
import type { KeyView, VaultStatus } from '@/src/vault/schemas';
import type { Settings } from '@/src/settings/schemas';
import { AppError } from '@/src/shared/errors';

export type FakeHandlers = Partial<{ [T in MessageType]: (payload: RequestOf<T>) => ResponseOf<T> | Promise<ResponseOf<T>> }>;

type SendMock = Mock<(type: MessageType, payload: unknown) => Promise<unknown>>;

export const UNLOCKED: VaultStatus = { state: 'unlocked', autoLock: 15 };
export const LOCKED: VaultStatus = { state: 'locked', autoLock: 15 };
export const ABSENT: VaultStatus = { state: 'absent', autoLock: 15 };
export const SETTINGS: Settings = { autoLock: 15, fallbackChains: [], requestsPerMinutePerKey: 0 };

afterEach(() => {
  cleanup();
  location.hash = '';
});

/**
 * Makes the mocked `send` answer like the background: every payload must pass the protocol's
 * request schema (so a wrong field fails the test), then the handler for that type answers.
 */
export function installBackend(send: unknown, handlers: FakeHandlers): SendMock {
  const mock = send as SendMock;
  mock.mockReset();
  mock.mockImplementation(async (type, payload) => {
    const parsed = protocol[type].request.safeParse(payload);
    if (!parsed.success) throw new Error(`The UI sent an invalid ${type} payload: ${JSON.stringify(payload)}`);
    const handler = handlers[type] as ((payload: unknown) => unknown) | undefined;
    if (!handler) throw new AppError('INTERNAL', `No fake handler for ${type}.`);
    return handler(payload);
  });
  return mock;
}

/** Every payload the UI sent for one message type, in order. */
export function sent<T extends MessageType>(mock: SendMock, type: T): RequestOf<T>[] {
  return mock.mock.calls.filter(([sentType]) => sentType === type).map(([, payload]) => payload as RequestOf<T>);
}

export function expectNotSent(mock: SendMock, type: MessageType): void {
  expect(sent(mock, type)).toEqual([]);
}

let nextId = 0;

export function keyView(overrides: Partial<KeyView> = {}): KeyView {
  nextId++;
  return {
    id: `key-${nextId}`,
    provider: 'openai',
    label: `Key ${nextId}`,
    masked: 'sk-…AbCd',
    settings: {},
    createdAt: Date.now() - 3 * 24 * 3600_000,
    rotatedAt: null,
    lastUsedAt: null,
    formatWarnings: [],
    damaged: false,
    ...overrides,
  };
}

export const STRONG_PASSPHRASE = 'violet tundra marimba quokka';
export const SLOW = { timeout: 15_000 };
