import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR, GRANTED_HOSTS, REPO_ROOT, REQUIRED_BUILD_FILES, type HostGrant } from './fixtures/paths';

function missingFiles(dir: string): string[] {
  return REQUIRED_BUILD_FILES.filter((file) => !existsSync(path.join(dir, file)));
}

/**
 * Builds the extension once before the browser tests (`npx wxt build`). `E2E_SKIP_BUILD=1` reuses
 * an existing build; the build is still made when there is none. A build given with
 * `E2E_EXTENSION_DIR` is never rebuilt. The build is then copied to a temporary directory that
 * the tests load (see `loadedExtensionDir`), removed again after the run.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const custom = process.env.E2E_EXTENSION_DIR !== undefined;
  const manifest = path.join(EXTENSION_DIR, 'manifest.json');
  if (!custom && !(process.env.E2E_SKIP_BUILD && existsSync(manifest))) {
    const started = Date.now();
    const result = spawnSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
    if (result.status !== 0) throw new Error(`'npx wxt build' failed (exit ${String(result.status)}); the e2e tests need a build.`);
    console.log(`[e2e] extension built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const missing = missingFiles(EXTENSION_DIR);
  if (missing.length) {
    throw new Error(`The build at ${EXTENSION_DIR} is incomplete (no ${missing.join(', ')}). Is another build running? Try again.`);
  }
  const snapshot = await mkdtemp(path.join(os.tmpdir(), 'keyward-e2e-extension-'));
  await cp(EXTENSION_DIR, snapshot, { recursive: true });
  const missingInCopy = missingFiles(snapshot);
  if (missingInCopy.length) {
    await rm(snapshot, { recursive: true, force: true });
    throw new Error(`The build changed while it was being copied (no ${missingInCopy.join(', ')}). Is another build running? Try again.`);
  }
  const granted = (['local', 'all'] as const satisfies readonly HostGrant[]).map((grant) => ({ grant, dir: `${snapshot}-${grant}` }));
  for (const { grant, dir } of granted) {
    await cp(snapshot, dir, { recursive: true });
    const manifestPath = path.join(dir, 'manifest.json');
    const manifestJson = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions?: string[] };
    manifestJson.host_permissions = [...(manifestJson.host_permissions ?? []), ...GRANTED_HOSTS[grant]];
    await writeFile(manifestPath, JSON.stringify(manifestJson, null, 2));
  }
  process.env.E2E_LOADED_EXTENSION_DIR = snapshot;
  return async () => {
    await Promise.all([snapshot, ...granted.map(({ dir }) => dir)].map((dir) => rm(dir, { recursive: true, force: true })));
  };
}
