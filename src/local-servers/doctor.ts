/**
 * The connection doctor for local servers: what the Origin rules cannot fix (the server is not
 * running, it listens on another port, it still refuses the extension), with the exact steps for
 * the user's operating system. Model missing is said by the provider's error itself (Ollama's
 * names the `ollama pull` command). Data only: the phrases are rendered by the page.
 */
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import type { ProviderId } from '@/src/providers/definitions';
import type { FoundServer } from './discovery';

export type OperatingSystem = 'mac' | 'win' | 'linux' | 'other';

export interface DoctorInput {
  provider: ProviderId;
  verdict: 'not-reachable' | 'origin-refused';
  os: OperatingSystem;
  /** Where the key points (scheme, host, port). */
  serverOrigin: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  extensionOrigin: string;
  /** A server of the same kind that answers somewhere else on this computer (the usual ports were probed). */
  elsewhere?: FoundServer | undefined;
}

function startServer(provider: ProviderId, os: OperatingSystem): Phrase {
  switch (provider) {
    case 'ollama':
      return os === 'mac'
        ? phrase('doctor_startOllama_mac')
        : os === 'win'
          ? phrase('doctor_startOllama_win')
          : os === 'linux'
            ? phrase('doctor_startOllama_linux')
            : phrase('doctor_startOllama_anySystem');
    case 'lmstudio':
      return phrase('doctor_start_lmstudio');
    case 'llamacpp':
      return phrase('doctor_start_llamacpp');
    case 'vllm':
      return phrase('doctor_start_vllm');
    case 'tgi':
      return phrase('doctor_start_tgi');
    case 'mlx':
      return phrase('doctor_start_mlx');
    case 'transformers':
      return phrase('doctor_start_transformers');
    case 'tensorrt-llm':
      return phrase('doctor_start_tensorrt');
    default:
      return phrase('doctor_start_anyServer');
  }
}

function allowOrigin(os: OperatingSystem, extensionOrigin: string): Phrase {
  switch (os) {
    case 'mac':
      return phrase('doctor_ollamaOrigins_mac', extensionOrigin);
    case 'win':
      return phrase('doctor_ollamaOrigins_win', extensionOrigin);
    case 'linux':
      return phrase('doctor_ollamaOrigins_linux', extensionOrigin);
    case 'other':
      return phrase('doctor_ollamaOrigins_anySystem', extensionOrigin);
  }
}

/** The steps to try, most likely first. */
export function doctorFixes(input: DoctorInput): Phrase[] {
  if (input.verdict === 'origin-refused') return input.provider === 'ollama' ? [allowOrigin(input.os, input.extensionOrigin)] : [];
  const fixes: Phrase[] = [];
  if (input.elsewhere && input.elsewhere.origin !== input.serverOrigin) fixes.push(phrase('doctor_otherPort', input.elsewhere.product ?? input.elsewhere.origin, input.elsewhere.baseUrl));
  fixes.push(startServer(input.provider, input.os));
  return fixes;
}
