import { describe, expect, test } from 'vitest';
import { DEFAULT_ROTATE_AFTER_DAYS, keyAgeDays, needsRotation, rotationReminderDays } from '@/src/vault/key-age';

const DAY = 24 * 3600_000;
const now = Date.UTC(2026, 11, 6, 12);

describe('key age', () => {
  test('counts whole days since the secret was set: the last rotation, else when it was added', () => {
    expect(keyAgeDays({ createdAt: now - 94 * DAY - 5, rotatedAt: null }, now)).toBe(94);
    expect(keyAgeDays({ createdAt: now - 200 * DAY, rotatedAt: now - 3 * DAY }, now)).toBe(3);
    expect(keyAgeDays({ createdAt: now - DAY + 1, rotatedAt: null }, now)).toBe(0);
  });

  test('the reminder starts at the threshold, never with 0, never for a damaged record (no date)', () => {
    expect(needsRotation({ createdAt: now - 90 * DAY, rotatedAt: null }, 90, now)).toBe(true);
    expect(needsRotation({ createdAt: now - 89 * DAY, rotatedAt: null }, 90, now)).toBe(false);
    expect(needsRotation({ createdAt: now - 400 * DAY, rotatedAt: now - DAY }, 90, now)).toBe(false);
    expect(needsRotation({ createdAt: now - 400 * DAY, rotatedAt: null }, 0, now)).toBe(false);
    expect(needsRotation({ createdAt: 0, rotatedAt: null }, 90, now)).toBe(false);
  });

  test('the threshold: the setting, 90 by default, and a policy wins over both', () => {
    expect(DEFAULT_ROTATE_AFTER_DAYS).toBe(90);
    expect(rotationReminderDays({})).toBe(90);
    expect(rotationReminderDays({ rotateAfterDays: 30 })).toBe(30);
    expect(rotationReminderDays({ rotateAfterDays: 0 })).toBe(0);
    expect(rotationReminderDays({ rotateAfterDays: 0 }, { maxKeyAgeDays: 60 })).toBe(60);
    expect(rotationReminderDays({ rotateAfterDays: 30 }, {})).toBe(30);
  });
});
