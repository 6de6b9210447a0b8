import { useEffect, useRef, useState } from 'react';
import { Chat } from '@/src/ui/chat/Chat';
import { RecentConversations } from '@/src/ui/chat/RecentConversations';
import { useLastConversation } from '@/src/ui/chat/use-last-conversation';
import { LazyHistoryView } from '@/src/ui/history/lazy';
import { IconButton } from '@/src/ui/shared/IconButton';
import { HistoryIcon, RecentChatsIcon, SettingsIcon, SidePanelIcon } from '@/src/ui/shared/icons';
import { VaultLockState } from '@/src/ui/shared/VaultLockState';
import { VaultProvider } from '@/src/ui/shared/vault-state';
import { strings } from '@/src/ui/strings';
import { canOpenSidePanel, openSidePanelInWindow } from '@/src/platform/side-panel';
import { currentWindowId, openOptionsPage } from '@/src/platform/tabs';
import './popup.css';

/**
 * The popup: the chat (usable at once; keys and models load after the first paint), recent chats,
 * and the ways to the side panel and the settings.
 */
export function PopupApp() {
  return (
    <VaultProvider>
      <Popup />
    </VaultProvider>
  );
}

function Popup() {
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [showRecent, setShowRecent] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [sidePanelError, setSidePanelError] = useState<string | undefined>();
  const chosen = useRef(false);
  const last = useLastConversation();
  const windowId = useRef<number | undefined>(undefined);
  const sidePanel = canOpenSidePanel();

  // Continue the last conversation (if recent) unless the user already chose or started one.
  useEffect(() => {
    if (last !== undefined && !chosen.current) setConversationId(last);
  }, [last]);

  useEffect(() => {
    if (sidePanel) void currentWindowId().then((id) => (windowId.current = id));
  }, [sidePanel]);

  const choose = (id: string | null) => {
    chosen.current = true;
    setConversationId(id);
  };

  function onOpenSidePanel() {
    setSidePanelError(undefined);
    openSidePanelInWindow(windowId.current).then(
      () => window.close(),
      () => setSidePanelError(strings.genericError),
    );
  }

  return (
    // data-resumed: whether the page has decided which conversation to show (the last one, if recent,
    // loads after the first paint); tests wait for it before counting what the chat shows.
    <main className="popup" data-resumed={last !== undefined}>
      <header className="app-header">
        <h1 className="app-title truncate" title={strings.productName}>
          {strings.productName}
        </h1>
        <VaultLockState />
        <nav className="app-actions" aria-label={strings.popup.navLabel}>
          <IconButton
            icon={RecentChatsIcon}
            label={strings.popup.recentChats}
            aria-pressed={showRecent}
            onClick={() => {
              setShowHistory(false);
              setShowRecent((open) => !open);
            }}
          />
          <IconButton
            icon={HistoryIcon}
            label={strings.popup.history}
            aria-pressed={showHistory}
            onClick={() => {
              setShowRecent(false);
              setShowHistory((open) => !open);
            }}
          />
          {sidePanel && <IconButton icon={SidePanelIcon} label={strings.popup.openSidePanel} onClick={onOpenSidePanel} />}
          <IconButton icon={SettingsIcon} label={strings.popup.openSettings} onClick={() => void openOptionsPage()} />
        </nav>
      </header>
      {sidePanelError && (
        <p role="alert" className="error">
          {sidePanelError}
        </p>
      )}
      {showRecent && (
        <RecentConversations
          currentId={conversationId}
          onOpen={(id) => {
            choose(id);
            setShowRecent(false);
          }}
        />
      )}
      {showHistory && (
        <LazyHistoryView
          onOpen={(id) => {
            choose(id);
            setShowHistory(false);
          }}
          onClose={() => setShowHistory(false)}
        />
      )}
      <div className="popup-chat" hidden={showRecent || showHistory}>
        <Chat surface="popup" conversationId={conversationId} onConversationChange={choose} />
      </div>
    </main>
  );
}
