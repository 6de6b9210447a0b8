import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { FIREFOX_BUILD_DIR, LOCAL_HOSTS, REPO_ROOT } from './fixtures/paths';

const REQUIRED = ['manifest.json', 'background.js', 'options.html', 'popup.html', 'sidepanel.html'];

/**
 * Builds the Firefox extension once (`npx wxt build -b firefox`; `FIREFOX_SKIP_BUILD=1` reuses an
 * existing build, `FIREFOX_EXTENSION_DIR` tests a given one as it is), then copies it to a temporary
 * directory with the local hosts added to its permissions (see `loadedExtensionDir`), so a rebuild
 * during the run cannot pull files from under Firefox.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const custom = process.env.FIREFOX_EXTENSION_DIR !== undefined;
  if (!custom && !(process.env.FIREFOX_SKIP_BUILD && existsSync(path.join(FIREFOX_BUILD_DIR, 'manifest.json')))) {
    const result = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
    if (result.status !== 0) throw new Error(`'npx wxt build -b firefox' failed (exit ${String(result.status)}).`);
  }
  const missing = REQUIRED.filter((file) => !existsSync(path.join(FIREFOX_BUILD_DIR, file)));
  if (missing.length) throw new Error(`The Firefox build at ${FIREFOX_BUILD_DIR} is incomplete (no ${missing.join(', ')}).`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'keyward-firefox-extension-'));
  await cp(FIREFOX_BUILD_DIR, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { manifest_version: number; permissions?: string[]; host_permissions?: string[] };
  // Manifest V2 lists hosts among `permissions`; V3 has `host_permissions`.
  if (manifest.manifest_version === 2) manifest.permissions = [...(manifest.permissions ?? []), ...LOCAL_HOSTS];
  else manifest.host_permissions = [...(manifest.host_permissions ?? []), ...LOCAL_HOSTS];
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  project.provide('loadedExtensionDir', dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The temporary copy of the Firefox build that the tests install. */
    loadedExtensionDir: string;
  }
}
