import Dexie, { type EntityTable } from 'dexie';
import { declareSchema } from '@/src/platform/dexie-schema';
import type { AuditRow, CallRow, DailyRow } from './rows';
import { USAGE_SCHEMA, type UsageMetaRow } from './usage-db';

/** The options page's view of the usage database (Dexie, for its live queries); the schema is usage-db.ts's. */
export class UsageDexie extends Dexie {
  calls!: EntityTable<CallRow, 'id'>;
  daily!: EntityTable<DailyRow, 'id'>;
  audit!: EntityTable<AuditRow, 'seq'>;
  meta!: EntityTable<UsageMetaRow, 'key'>;

  constructor(name = USAGE_SCHEMA.name) {
    super(name);
    declareSchema(this, USAGE_SCHEMA);
  }
}
