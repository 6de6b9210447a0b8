import { browser, type Browser } from './browser.ts';

/**
 * Runtime messages and ports between the pages and the worker. The sender the browser reports is
 * handed on unchanged: deciding who sent a message is the router's job (src/messaging/sender.ts),
 * from exactly what the browser said.
 */

/** What the browser itself reports about who sent a message or opened a port. */
export type MessageSender = Browser.runtime.MessageSender;
/** A long-lived connection between a page and the worker (the chat streams over one). */
export type Port = Browser.runtime.Port;

/** Sends one message to the worker; resolves with its answer, rejects when none can come. */
export function sendRuntimeMessage(message: unknown): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/** Opens a named port to the worker. */
export function connectPort(name: string): Port {
  return browser.runtime.connect({ name });
}

/**
 * Answers every runtime message with what `answer` resolves to. Add it synchronously at the
 * worker's start: the message that woke the worker reaches only listeners added in its first turn.
 */
export function onRuntimeMessage(answer: (message: unknown, sender: MessageSender) => Promise<unknown>): void {
  // sendResponse + `return true` answers asynchronously with or without the polyfill.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void answer(message, sender).then(sendResponse);
    return true;
  });
}

/** Calls `listener` for every port a page opens. Add it synchronously at the worker's start. */
export function onPortConnect(listener: (port: Port) => void): void {
  browser.runtime.onConnect.addListener(listener);
}
