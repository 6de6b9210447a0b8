import { lazy, Suspense, useState } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { BackupSection } from './backup/BackupSection';
import { KeysSection } from './keys/KeysSection';
import { RoutingSection } from './routing/RoutingSection';
import { BudgetsView, UsageView } from './usage';
import { SecuritySection } from './security/SecuritySection';
import { Tabs, type TabSpec } from './Tabs';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { LocalModelsSection } from './local-models/LocalModelsSection';
import { localModelStrings } from './local-models/strings';
import { knowledgeStrings } from '@/src/ui/knowledge/strings';

/** Collections (issue 19): loaded when their tab is opened. */
const CollectionsSection = lazy(() => import('@/src/ui/knowledge/CollectionsSection').then((module) => ({ default: module.CollectionsSection })));

type SectionId = 'keys' | 'on-device' | 'routing' | 'usage' | 'budgets' | 'security' | 'backup' | 'knowledge';

const TABS: readonly TabSpec<SectionId>[] = [
  { id: 'keys', label: optionsStrings.sections.keys },
  { id: 'routing', label: optionsStrings.sections.routing },
  // The in-browser models (issue 17); without a vault, or locked, the page shows them below the vault's forms.
  { id: 'on-device', label: localModelStrings.title },
  // Collections of documents and saved pages (issue 19).
  { id: 'knowledge', label: knowledgeStrings.title },
  { id: 'usage', label: optionsStrings.sections.usage },
  { id: 'budgets', label: optionsStrings.sections.budgets },
  { id: 'security', label: optionsStrings.sections.security },
  { id: 'backup', label: optionsStrings.sections.backup },
];

function sectionFromHash(): SectionId {
  const hash = typeof location === 'undefined' ? '' : location.hash.slice(1);
  return TABS.some((tab) => tab.id === hash) ? (hash as SectionId) : 'keys';
}

/**
 * Everything that needs the unlocked vault. It holds all key lists and form state, so unmounting
 * it (on lock, auto-lock or wipe) drops all of that at once.
 */
export function UnlockedView({ onLocked, onWiped }: { onLocked: (status: VaultStatus, notice?: string) => void; onWiped: (status: VaultStatus) => void }) {
  const [section, setSection] = useState<SectionId>(sectionFromHash);

  function select(next: SectionId) {
    setSection(next);
    history.replaceState(null, '', `#${next}`);
  }

  return (
    <Tabs tabs={TABS} selected={section} onSelect={select} label={optionsStrings.sections.navLabel}>
      {section === 'keys' && <KeysSection />}
      {section === 'on-device' && <LocalModelsSection />}
      {section === 'routing' && <RoutingSection />}
      {section === 'knowledge' && (
        <Suspense fallback={null}>
          <CollectionsSection />
        </Suspense>
      )}
      {section === 'usage' && <UsageView />}
      {section === 'budgets' && <BudgetsView />}
      {section === 'security' && <SecuritySection onLocked={onLocked} onWiped={onWiped} />}
      {section === 'backup' && <BackupSection />}
    </Tabs>
  );
}
