/**
 * Benchmark 4's baseline, bundled by Vite and evaluated in the options page: the bare Argon2id
 * derivation the vault runs at unlock (src/vault/crypto.ts argon2idBytes: hash-wasm, same
 * parameters), with nothing around it: no message, no IndexedDB, no unwrap, no session write.
 */
import { argon2idBytes } from '@/src/vault/crypto';

export async function timeBareArgon2id(passphrase: string, params: { memoryKiB: number; iterations: number; parallelism: number; saltBytes: number }): Promise<number> {
  const salt = crypto.getRandomValues(new Uint8Array(params.saltBytes));
  const started = performance.now();
  const derived = await argon2idBytes(passphrase, {
    name: 'Argon2id',
    memoryKiB: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    salt: btoa(String.fromCharCode(...salt)),
  });
  const elapsed = performance.now() - started;
  derived.fill(0);
  return elapsed;
}
