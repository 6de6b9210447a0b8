/**
 * What this device offers the in-browser model: WebGPU or only WebAssembly, and how much memory
 * it reports, so a model too big for it is flagged before the download.
 */
export type Device = 'webgpu' | 'wasm';

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
  deviceMemory?: number;
}

/** How long to wait for a WebGPU adapter: a browser without a usable GPU can take many seconds to say none. */
const ADAPTER_WAIT_MS = 3000;

/** WebGPU when the browser gives an adapter (in time), else WebAssembly. */
export async function preferredDevice(): Promise<Device> {
  const gpu = (navigator as Navigator & GpuNavigator).gpu;
  if (!gpu) return 'wasm';
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), ADAPTER_WAIT_MS));
  try {
    return (await Promise.race([gpu.requestAdapter(), late])) ? 'webgpu' : 'wasm';
  } catch {
    return 'wasm';
  }
}

/**
 * The device's memory in bytes when a model needing `needBytes` would take more than half of it
 * (the browser, the system and other tabs need the rest); undefined when it fits or the browser
 * does not say. `navigator.deviceMemory` is rounded and capped at 8 GB by the browser, so a
 * larger machine is never warned wrongly: it reports at least 8.
 */
export function memoryWarning(needBytes: number, reportedGb: number | undefined = (navigator as Navigator & GpuNavigator).deviceMemory): number | undefined {
  if (reportedGb === undefined || !Number.isFinite(reportedGb) || reportedGb <= 0) return undefined;
  const bytes = reportedGb * 1024 ** 3;
  return needBytes > bytes / 2 ? bytes : undefined;
}

/**
 * The host permissions a download from `hub` needs: the Hub itself and, for huggingface.co, the
 * hosts its files are redirected to (cdn-lfs*.hf.co, cas-bridge.xethub.hf.co, *.huggingface.co).
 */
export function hubOrigins(hub: URL): string[] {
  const own = `${hub.protocol}//${hub.hostname}/*`;
  return hub.hostname === 'huggingface.co' ? [own, 'https://*.huggingface.co/*', 'https://*.hf.co/*'] : [own];
}
