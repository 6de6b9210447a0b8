import { createServices, type Services } from '@/src/background/services';
import { createHandlers } from '@/src/background/handlers';
import { openVaultDatabase } from '@/src/vault/db';

// Not the famous xkcd phrase: the worker refuses that one (src/vault/passphrase-policy.ts).
export const PASSPHRASE = 'orchid tractor lagoon whisper';
export const CANARY_KEY = 'sk-proj-CANARYkeyA1b2C3d4E5f6G7h8I9j0KLMNOPQRSTUV';

export interface Harness extends Services {
  clock: { now: number };
  handlers: ReturnType<typeof createHandlers>;
  /** A second set of services over the same storage: what a restarted worker sees. */
  restart(): Harness;
}

let counter = 0;

export function createHarness(options: { dbName?: string; clock?: { now: number } } = {}): Harness {
  const clock = options.clock ?? { now: Date.UTC(2026, 10, 23, 9, 0, 0) };
  const dbName = options.dbName ?? `vault-test-${++counter}-${Math.random().toString(36).slice(2)}`;
  const services = createServices({
    now: () => clock.now,
    db: openVaultDatabase(dbName),
  });
  return {
    ...services,
    clock,
    handlers: createHandlers(services),
    restart: () => createHarness({ ...options, dbName, clock }),
  };
}
