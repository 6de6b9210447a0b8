import { browser } from '@/src/platform/browser';

/** Schedules the named alarm at a time (epoch ms), replacing one of the same name. It wakes the worker. */
export async function setAlarmAt(name: string, when: number): Promise<void> {
  await browser.alarms.create(name, { when });
}

export async function clearAlarm(name: string): Promise<void> {
  await browser.alarms.clear(name);
}
