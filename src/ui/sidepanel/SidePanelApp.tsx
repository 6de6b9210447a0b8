import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import { readPromptLibrary } from '@/src/ui/chat/prompt-library';
import { readLastTargets } from '@/src/ui/chat/last-targets';
import { Chat } from '@/src/ui/chat';
import type { ChatStartRequest } from '@/src/ui/chat/types';
import { useLastConversation } from '@/src/ui/chat/use-last-conversation';
import { languageName, readNeverSend, readTranslateLanguage } from '@/src/page/page-settings';
import { runsAtOnce, type PendingAction } from '@/src/page/pending-action';
import { selectionInstruction } from '@/src/page/selection-prompts';
import { matchesAnySite, siteEntryFor } from '@/src/page/site-match';
import { VaultProvider } from '@/src/ui/shared/vault-state';
import { VaultLockState } from '@/src/ui/shared/VaultLockState';
import { IconButton } from '@/src/ui/shared/IconButton';
import { CloseIcon, HistoryIcon, PageToolsIcon, SettingsIcon } from '@/src/ui/shared/icons';
import { openOptionsPage } from '@/src/platform/tabs';
import { LazyHistoryView } from '@/src/ui/history/lazy';
import { strings } from '@/src/ui/strings';
import { PageContextBar } from './PageContextBar';
import { PageToolsSettings } from './PageToolsSettings';
import { selectionRequest } from './run-selection-action';
import { siteOf } from '@/src/page/tab-reader';
import { useActiveTab, usePanelWindow } from './use-active-tab';
import { usePageContext, type ContextChipData } from './use-page-context';
import { useNeverSend } from './use-page-settings';
import { usePendingAction, type PendingEntry } from './use-pending-action';
import { useSelectedModel } from '@/src/ui/chat/use-selected-model';
import './sidepanel.css';

/** Collections (issue 19): "Save this page to a collection", loaded when the page tools open. */
const CollectionsPanel = lazy(() => import('@/src/ui/knowledge/CollectionsPanel').then((module) => ({ default: module.CollectionsPanel })));

const text = strings.pageContext;

function focusComposer(): void {
  setTimeout(() => document.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus(), 0);
}

function chipOf(action: PendingAction): Omit<ContextChipData, 'id'> {
  const chip: Omit<ContextChipData, 'id'> = {
    kind: 'selection',
    title: action.title,
    url: action.url,
    text: action.text,
    totalChars: action.totalChars,
    truncated: action.totalChars > action.text.length,
    source: action.source,
  };
  if (action.tabId !== undefined) chip.tabId = action.tabId;
  return chip;
}

/**
 * The side panel: the chat beside the page, with "Use this page" and the attached context chip
 * above the message box, selection actions from the context menu streaming in, and the page tools'
 * settings (never-send sites, selection toolbar, translation language).
 */
export function SidePanelApp() {
  return (
    <VaultProvider>
      <SidePanel />
    </VaultProvider>
  );
}

function SidePanel() {
  const windowId = usePanelWindow();
  const tab = useActiveTab(windowId);
  const neverSend = useNeverSend();
  const context = usePageContext(tab, neverSend.sites);
  const [chatTargets, setChatTargets] = useState<readonly ChatTarget[] | undefined>();
  const model = useSelectedModel(chatTargets);
  const last = useLastConversation();
  const [conversationId, setConversationId] = useState<string | null>(null);
  const chosen = useRef(false);
  /** The selection action the chat starts next (as a new conversation, the way typed questions go). */
  const [request, setRequest] = useState<ChatStartRequest | undefined>();
  const [offer, setOffer] = useState<{ label: string; run(): void } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  /** What takes the space under the header: the chat, the history or the page tools. */
  const [view, setView] = useState<'chat' | 'history' | 'tools'>('chat');
  const toolsHeadingId = useId();

  useEffect(() => {
    if (last !== undefined && !chosen.current) setConversationId(last);
  }, [last]);

  const choose = useCallback((id: string | null) => {
    chosen.current = true;
    setConversationId(id);
  }, []);

  const { attach, take, setError } = context;

  /** Runs an action on the selection as a new conversation, or leaves it attached when it cannot. */
  const run = useCallback(
    async (action: PendingAction, instruction: string, label: string, systemPrompt: string | undefined) => {
      // A selection action starts a new chat: with the model chosen last in the side panel.
      const targets = await readLastTargets('sidepanel');
      if (!targets) {
        attach(chipOf(action));
        setNotice(text.pickModelFirst);
        focusComposer();
        return;
      }
      // From now on the last conversation must not be reopened over the one this action creates.
      chosen.current = true;
      const run = { text: instruction, label, context: { kind: 'selection', title: action.title || siteOf(action.url), url: action.url, text: action.text } as const, targets };
      setRequest(
        selectionRequest(systemPrompt ? { ...run, systemPrompt } : run, (started) => {
          if (started) return;
          attach(chipOf(action));
          setNotice(text.actionFailed);
        }),
      );
    },
    [attach],
  );

  const onPending = useCallback(
    async (entry: PendingEntry) => {
      // What comes from the page is shown in the chat: bring it back from the history or the tools.
      setView('chat');
      setOffer(undefined);
      setNotice(undefined);
      if (entry.kind === 'blocked') {
        setError(text.blocked(entry.site));
        return;
      }
      const { action } = entry;
      // The list as stored now, not as last rendered: the panel may have just opened.
      if (matchesAnySite(action.url, await readNeverSend())) {
        setError(text.blocked(siteOf(action.url)));
        return;
      }
      if (action.action === 'ask') {
        attach(chipOf(action));
        setNotice(text.actionReady);
        focusComposer();
        return;
      }
      let systemPrompt: string | undefined;
      let instruction: string;
      let label = text.actionNames[action.action] ?? action.action;
      if (action.action === 'prompt') {
        const prompt = (await readPromptLibrary()).find((preset) => preset.id === action.promptId);
        if (!prompt) {
          attach(chipOf(action));
          setError(text.promptMissing);
          return;
        }
        systemPrompt = prompt.text;
        instruction = `${prompt.name}: apply it to the attached text.`;
        label = prompt.name;
      } else {
        instruction = selectionInstruction(action.action, { languageName: languageName(await readTranslateLanguage()) });
      }
      if (runsAtOnce(action)) {
        await run(action, instruction, label, systemPrompt);
        return;
      }
      // From the toolbar: attach and offer the action; only the user's click runs it.
      attach(chipOf(action));
      setOffer({
        label: text.selectionRun(text.actionNames[action.action] ?? action.action),
        run: () => {
          const attached = take();
          setOffer(undefined);
          if (attached) void run({ ...action, text: attached.text, title: attached.title, url: attached.url }, instruction, label, systemPrompt);
        },
      });
    },
    [attach, run, setError, take],
  );
  usePendingAction(windowId, (entry) => void onPending(entry));

  const onNeverSend = useCallback(
    (url: string) => {
      const entry = siteEntryFor(url);
      context.remove();
      if (entry) void neverSend.add(entry);
    },
    [context, neverSend],
  );

  const onBeforeSend = useCallback(() => {
    setOffer(undefined);
    setNotice(undefined);
    return take();
  }, [take]);

  return (
    // data-resumed: whether the page has decided which conversation to show (the last one, if recent,
    // loads after the first paint); tests wait for it before counting what the chat shows.
    <main className="sidepanel" data-resumed={last !== undefined}>
      <header className="app-header">
        <h1 className="app-title truncate" title={strings.sidePanel.title}>
          {strings.sidePanel.title}
        </h1>
        <VaultLockState />
        <nav className="app-actions" aria-label={strings.sidePanel.navLabel}>
          <IconButton
            icon={PageToolsIcon}
            label={text.showTools}
            aria-pressed={view === 'tools'}
            onClick={() => setView((open) => (open === 'tools' ? 'chat' : 'tools'))}
          />
          <IconButton icon={HistoryIcon} label={strings.sidePanel.history} aria-pressed={view === 'history'} onClick={() => setView((open) => (open === 'history' ? 'chat' : 'history'))} />
          <IconButton icon={SettingsIcon} label={strings.sidePanel.openSettings} onClick={() => void openOptionsPage()} />
        </nav>
      </header>
      {view === 'history' && (
        <LazyHistoryView
          onOpen={(id) => {
            choose(id);
            setView('chat');
          }}
          onClose={() => setView('chat')}
        />
      )}
      {/* The page tools take the chat's place while open (like the history): nothing is stacked under the message box. */}
      {view === 'tools' && (
        <section className="page-tools" aria-labelledby={toolsHeadingId}>
          <div className="page-tools-head">
            <h2 id={toolsHeadingId}>{text.showTools}</h2>
            <IconButton icon={CloseIcon} label={text.closeTools} onClick={() => setView('chat')} />
          </div>
          <Suspense fallback={null}>
            <CollectionsPanel tab={tab} neverSend={neverSend.sites} />
          </Suspense>
          <PageToolsSettings neverSend={neverSend} />
        </section>
      )}
      <div className="sidepanel-chat" hidden={view !== 'chat'}>
        <Chat
          surface="sidepanel"
          onTargetsChange={setChatTargets}
          conversationId={conversationId}
          onConversationChange={choose}
          onBeforeSend={onBeforeSend}
          request={request}
          contextSlot={<PageContextBar tab={tab} context={context} model={model} onNeverSend={onNeverSend} offer={offer} notice={notice} />}
        />
      </div>
    </main>
  );
}
