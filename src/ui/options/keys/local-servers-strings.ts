/**
 * The words of "Find local servers" (Keys tab), in a facade of their own like src/ui/strings.ts:
 * only the options page shows them, so they stay out of the popup's first paint (scripts/check-sizes.mjs).
 */
import { formatNumber } from '@/src/shared/i18n/format';
import { t } from '@/src/shared/i18n/text';

export const localServerStrings = {
  get heading() { return t('localServers_heading'); },
  explain: (ports: readonly number[]) => t('localServers_explain', ports.map((port) => String(port)).join(', ')),
  get find() { return t('localServers_find'); },
  get finding() { return t('localServers_finding'); },
  get none() { return t('localServers_none'); },
  notModelServer: (address: string) => t('localServers_notModelServer', address),
  get openAICompatible() { return t('localServers_openAICompatible'); },
  serverTitle: (name: string, address: string) => t('localServers_serverTitle', name, address),
  get models() { return t('localServers_models'); },
  get noModels() { return t('localServers_noModels'); },
  add: (name: string) => t('localServers_add', name),
  get added() { return t('localServers_added'); },
  get pullLabel() { return t('localServers_pullLabel'); },
  get pull() { return t('localServers_pull'); },
  get cancel() { return t('localServers_cancel'); },
  pullDone: (model: string) => t('localServers_pullDone', model),
  pullCancelled: (model: string) => t('localServers_pullCancelled', model),
  pullProgress: (model: string, done: string, total: string) => t('localServers_pullProgress', model, done, total),
  pullStarting: (model: string) => t('localServers_pullStarting', model),
  pullVerifying: (model: string) => t('localServers_pullVerifying', model),
  pullFinishing: (model: string) => t('localServers_pullFinishing', model),
  get pullBar() { return t('localServers_pullBar'); },
  get badModelName() { return t('localServers_badModelName'); },
  /** Bytes on disk, in the UI language's units (2.0 GB, 398 MB). */
  size: (bytes: number) =>
    bytes >= 1e9
      ? formatNumber(bytes / 1e9, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 })
      : formatNumber(bytes / 1e6, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 0 }),
  };
