import { lazy, Suspense, useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ReadAttachment } from '@/src/attachments/read-attachment';
import type { ChatTarget } from '@/src/chat/port-protocol';
import type { VaultStatus } from '@/src/vault/schemas';
import { CostConfirm } from './CostConfirm';
import { IconButton } from '@/src/ui/shared/IconButton';
import { NewChatIcon } from '@/src/ui/shared/icons';
import { UnlockForm } from '@/src/ui/shared/UnlockForm';
import { keysUsable, useVaultStatus } from '@/src/ui/shared/vault-state';
import { strings } from '@/src/ui/strings';
import { Composer } from './Composer';
import { EmptyState } from './EmptyState';
import { history } from './history-store';
import { readLastTargets, writeLastTargets } from './last-targets';
import { MessageList } from './MessageList';
import { chooseOption, type ModelGroup, type ModelOption } from './model-options';
import { isSessionKeyId } from '@/src/session/session-key-rules';
import { ModelPicker } from './ModelPicker';
import { PromptPicker } from './PromptPicker';
import type { ChatProps } from './types';
import { useAttachments } from './use-attachments';
import { useCaptureActions } from '@/src/ui/capture/use-capture-actions';
import type { MenuEntry } from '@/src/ui/shared/Menu';
import { useChat } from './use-chat';
import { useModelOptions } from './use-model-options';
import { usePromptLibrary } from './use-prompt-library';
import type { ChatKnowledgeHandle } from '@/src/ui/knowledge/ChatKnowledge';
import './chat.css';

/** Whether `preferred` names a session-only key that no option offers any more. */
function sessionKeyMissing(preferred: readonly ChatTarget[] | undefined, groups: readonly ModelGroup[]): boolean {
  const offered = new Set(groups.flatMap((group) => group.options.flatMap((option) => option.targets.map((target) => target.keyId))));
  return (preferred ?? []).some((target) => target.keyId !== null && isSessionKeyId(target.keyId) && !offered.has(target.keyId));
}
/** Collections in the chat (issue 19): chips, "@name" suggestions, the search before sending; loaded after the first paint. */
const ChatKnowledge = lazy(() => import('@/src/ui/knowledge/ChatKnowledge').then((module) => ({ default: module.ChatKnowledge })));

/** The prompt library, opened now and then: loaded when first opened, out of the scripts read before the first paint. */
const PromptLibrary = lazy(() => import('./PromptLibrary').then((module) => ({ default: module.PromptLibrary })));

/**
 * The chat, shared by the popup and the side panel: vault state, model and prompt choice, the
 * conversation and the message box. Nothing here waits for the network before the box is usable.
 */
export function Chat({ conversationId = null, onConversationChange, contextSlot, onBeforeSend, autoFocus = true, surface, onTargetsChange, request }: ChatProps) {
  const vault = useVaultStatus();
  const { setStatus, gone } = vault;
  const state = vault.status?.state;
  // Session-only keys answer with no vault, or beside a locked one.
  const unlocked = keysUsable(vault.status);
  const locked = state === 'locked' && !unlocked;
  const absent = state === 'absent' && !unlocked;

  const onVaultLocked = useCallback(() => gone('VAULT_LOCKED'), [gone]);
  const onUnlocked = useCallback((status: VaultStatus) => setStatus(status), [setStatus]);

  const chat = useChat({ conversationId, onVaultLocked, ...(onConversationChange ? { onConversationChange } : {}) });

  // The model: picked in this conversation, else the conversation's last one, else the one chosen
  // last on this surface (what a new chat starts with: New chat never switches the model).
  const [picked, setPicked] = useState<ChatTarget[] | undefined>();
  const [chosenLast, setChosenLast] = useState<ChatTarget[] | undefined>();
  useEffect(() => {
    let live = true;
    // A choice made before the read came back stays.
    void readLastTargets(surface).then((targets) => live && setChosenLast((current) => current ?? targets));
    return () => {
      live = false;
    };
  }, [surface]);
  useEffect(() => setPicked(undefined), [conversationId]);
  const preferred = picked ?? chat.lastTargets ?? chosenLast;
  const models = useModelOptions(preferred);
  const selected = chooseOption(models.groups, preferred);

  const remember = (targets: ChatTarget[]) => {
    setChosenLast(targets);
    void writeLastTargets(targets, surface);
  };

  const pick = (option: ModelOption) => {
    setPicked(option.targets);
    remember(option.targets);
    if (chat.conversationId) void history().setLastTargets(chat.conversationId, option.targets).catch(() => undefined);
  };

  // Tells the page (the side panel's cost estimate) what the picker shows; an option's value names its targets.
  const latest = useRef({ onTargetsChange, targets: selected?.targets });
  useEffect(() => {
    latest.current = { onTargetsChange, targets: selected?.targets };
  });
  const selectedValue = selected?.value;
  useEffect(() => {
    latest.current.onTargetsChange?.(latest.current.targets);
  }, [selectedValue]);

  const library = usePromptLibrary();
  const [promptId, setPromptId] = useState('');
  const [managing, setManaging] = useState(false);
  const inConversation = chat.conversationId !== null;

  // The background asks about the cost on the chat port when it must (CostConfirm below): a
  // question goes out at once.
  async function send(text: string, files: ReadAttachment[]): Promise<boolean> {
    if (!selected?.usable) return false;
    // Collections go as their excerpts for this question, found before the start (one start path:
    // they travel in the question like a page's text). When they cannot be searched, nothing is sent.
    const found = await knowledge.current?.excerptsFor(text);
    if (found === false) return false;
    const context = onBeforeSend?.();
    const systemPrompt = library.presets.find((preset) => preset.id === promptId)?.text;
    remember(selected.targets);
    return chat.send(text, selected.targets, { ...(systemPrompt ? { systemPrompt } : {}), ...(context ? { context } : {}), ...(files.length > 0 ? { attachments: files } : {}), ...(found ? { knowledge: found } : {}) });
  }

  // Collections for the next questions: their entries in the attach menu, chips and "@name" above the box.
  const knowledge = useRef<ChatKnowledgeHandle | null>(null);
  const [collectionEntries, setCollectionEntries] = useState<MenuEntry[]>([]);

  // Files for the next message: the composer shows them, the whole chat takes them dropped.
  const attachments = useAttachments();
  // "Capture this tab" and "Capture a region" in the attach menu: what they capture joins the files.
  const capture = useCaptureActions(attachments.addAttachments, { surface: surface === 'popup' ? 'popup' : 'panel' });
  const [captureOff, setCaptureOff] = useState<string | undefined>();
  const captureEntries: MenuEntry[] = capture.items.map(({ kind, id, label, disabled, disabledReason, onSelect }) =>
    // An item this surface cannot use stays in the menu and says why when chosen (a menu shows no tooltips).
    disabled && disabledReason && !capture.busy
      ? { kind, id, label, onSelect: () => setCaptureOff(disabledReason) }
      : { kind, id, label, disabled, onSelect: () => {
          setCaptureOff(undefined);
          onSelect();
        } },
  );
  const fileCount = attachments.items.length;
  const { clearError: clearCaptureError } = capture;
  useEffect(() => {
    // A file added or removed: the last capture's word is no longer the news.
    setCaptureOff(undefined);
    clearCaptureError();
  }, [fileCount, clearCaptureError]);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  const dropHandlers = {
    onDragEnter(event: DragEvent) {
      if (!carriesFiles(event)) return;
      dragDepth.current += 1;
      setDragging(true);
    },
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(event: DragEvent) {
      if (!carriesFiles(event)) return;
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      attachments.addAttachments(Array.from(event.dataTransfer.files), 'drop');
    },
  };

  // A question the page starts (a selection action): a new conversation, by the same path.
  const started = useRef<string | undefined>(undefined);
  const { send: sendChat } = chat;
  useEffect(() => {
    if (!request || started.current === request.id) return;
    started.current = request.id;
    const { text, targets, title, context, systemPrompt, onStarted } = request;
    void sendChat(text, targets, { newConversation: { title }, context, ...(systemPrompt ? { systemPrompt } : {}) }).then(onStarted);
  }, [request, sendChat]);

  const targets = selected?.targets ?? [];
  const idle = !chat.streaming && !chat.busy && !chat.loading && selected !== undefined;
  const noKeys = unlocked && models.keysLoaded && models.usableKeyCount === 0;
  // The model chosen last used a session-only key that is gone (expired, locked): the picker says so.
  const sessionKeyGone =
    selected === undefined && (!unlocked || models.keysLoaded) && sessionKeyMissing(preferred, models.groups);
  // What can answer with no key at all: Chrome's built-in model, models downloaded into the browser.
  const keyless = models.groups.flatMap((group) => group.options).filter((option) => option.usable && option.targets.length === 1 && option.targets[0]?.keyId === null);

  return (
    // data-settled: the conversation asked for is the one shown, loaded (tests count messages after it).
    <section className="chat" aria-label={strings.chat.conversationLabel} data-settled={!chat.loading && chat.conversationId === conversationId} {...dropHandlers}>
      {dragging && (
        <div className="drop-zone" aria-hidden="true">
          <p>{strings.chat.attach.dropHere}</p>
        </div>
      )}
      {/* One row: the model (a compact button, at most 60% of the row), the system prompt, a new chat. */}
      <div className="chat-toolbar">
        <div className="chat-model-slot">
          <ModelPicker groups={models.groups} selected={selected} loading={!models.keysLoaded} locked={locked} sessionKeyGone={sessionKeyGone} onChange={pick} disabled={chat.streaming} />
        </div>
        <PromptPicker
          presets={library.presets}
          selectedId={promptId}
          onSelect={setPromptId}
          fixedPrompt={chat.systemPrompt}
          started={inConversation}
          managing={managing}
          onManage={() => setManaging((open) => !open)}
        />
        <IconButton icon={NewChatIcon} label={strings.chat.newChat} onClick={chat.newChat} disabled={chat.busy} />
      </div>
      {/* The conversation's area: the cost question is laid over its bottom, so it never pushes the message box away. */}
      <div className="chat-main">
        {managing ? (
          <Suspense fallback={null}>
            <PromptLibrary presets={library.presets} onSave={library.save} onClose={() => setManaging(false)} />
          </Suspense>
        ) : (
          <MessageList
            items={chat.items}
            idle={idle}
            vaultLocked={locked}
            onRegenerate={() => void chat.regenerate(targets)}
            onContinue={(id) => void chat.continueAnswer(id, targets)}
            onRetry={(id) => void chat.retry(id, targets)}
            onEdit={(id, text) => void chat.edit(id, text, targets)}
          >
            {vault.error && (
              <p role="alert" className="error">
                {strings.chat.vault.statusFailed} {vault.error}
              </p>
            )}
            {absent && chat.items.length === 0 && <EmptyState reason="absent" keyless={keyless} onPick={pick} />}
            {noKeys && chat.items.length === 0 && <EmptyState reason="no-keys" keyless={keyless} onPick={pick} />}
            {models.error && (
              <p role="alert" className="error">
                {models.error}
              </p>
            )}
            {chat.loading && <p className="muted">{strings.chat.loadingConversation}</p>}
            {chat.damaged > 0 && <p className="warning">{strings.chat.conversationDamaged}</p>}
            {chat.error && (
              <p role="alert" className="error">
                {chat.error}
              </p>
            )}
          </MessageList>
        )}
        {chat.confirmation && <CostConfirm key={chat.confirmation.answerId} estimate={chat.confirmation.estimate} onCancel={chat.cancel} onSend={chat.confirm} />}
      </div>
      {locked && (
        // Above the message box, where the user looks, not at the top of a scrolled conversation.
        <div className="vault-locked">
          <p>{strings.chat.vault.locked}</p>
          <UnlockForm onUnlocked={onUnlocked} {...(vault.status?.retryAfterMs ? { retryAfterMs: vault.status.retryAfterMs } : {})} />
        </div>
      )}
      <Composer
        onSend={(text, files) => send(text, files)}
        onStop={chat.stop}
        streaming={chat.streaming}
        canSend={selected?.usable === true && !chat.busy && !chat.loading}
        autoFocus={autoFocus}
        contextSlot={contextSlot}
        textAssist={(text, setText) => (
          <Suspense fallback={null}>
            <ChatKnowledge ref={knowledge} text={text} setText={setText} onMenuEntries={setCollectionEntries} />
          </Suspense>
        )}
        attachments={attachments}
        targets={selected?.targets}
        groups={models.groups}
        attachMenuItems={[...captureEntries, ...collectionEntries]}
        captureNote={captureOff ?? capture.error}
      />
    </section>
  );
}
