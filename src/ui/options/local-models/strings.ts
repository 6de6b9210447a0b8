/**
 * The words of "On this device" (the in-browser models' section of the options page), in the
 * manner of src/ui/strings.ts: each entry names its message in public/_locales. Kept beside the
 * section rather than in the shared facade, which the popup loads before its first paint.
 */
import { t } from '@/src/shared/i18n/text';

export const localModelStrings = {
  get title() { return t('localModels_title'); },
  get intro() { return t('localModels_intro'); },
  get runtimeWebGpu() { return t('localModels_runtimeWebGpu'); },
  get runtimeWasm() { return t('localModels_runtimeWasm'); },
  get download() { return t('localModels_download'); },
  get downloadAnyway() { return t('localModels_downloadAnyway'); },
  get cancel() { return t('localModels_cancel'); },
  get delete() { return t('localModels_delete'); },
  downloaded: (size: string) => t('localModels_downloaded', size),
  unfinished: (size: string) => t('localModels_unfinished', size),
  progress: (file: string, loaded: string, total: string) => t('localModels_progress', file, loaded, total),
  size: (download: string, memory: string) => t('localModels_size', download, memory),
  tooBig: (name: string, memory: string, device: string) => t('localModels_tooBig', name, memory, device),
  diskUse: (size: string) => t('localModels_diskUse', size),
  get otherModel() { return t('localModels_otherModel'); },
  get otherModelHint() { return t('localModels_otherModelHint'); },
  get badRepo() { return t('localModels_badRepo'); },
  get hub() { return t('localModels_hub'); },
  get hubHint() { return t('localModels_hubHint'); },
  get badHub() { return t('localModels_badHub'); },
  get cancelled() { return t('localModels_cancelled'); },
  get storageFull() { return t('localModels_storageFull'); },
  get notFound() { return t('localModels_notFound'); },
  get notAModel() { return t('localModels_notAModel'); },
  network: (detail: string) => t('localModels_network', detail),
  permission: (host: string) => t('localModels_permission', host),
  ready: (name: string) => t('localModels_ready', name),
  get unsupported() { return t('localModels_unsupported'); },
  damaged: (file: string) => t('localModels_damaged', file),
  get downloadAgain() { return t('localModels_downloadAgain'); },
  get damagedDownload() { return t('localModels_damagedDownload'); },
} as const;
