import { phrase, type Phrase } from '@/src/shared/i18n/text';
/**
 * Azure OpenAI: Chat Completions with an `api-key` header, on either URL shape Azure offers:
 * - a deployment URL (`/openai/deployments/{deployment}/chat/completions?api-version=…`) when the key's
 *   settings name a deployment; the deployment picks the model;
 * - the v1 URL (`/openai/v1/chat/completions`) otherwise, with the model (deployment name) in the body.
 */
import { streamContextFor } from '@/src/providers/answer';
import { errorContextFor, type ErrorContext } from '@/src/providers/errors';
import { azureResourceOrigin } from '@/src/providers/hosts';
import { fetchJson } from '@/src/providers/http';
import { dialectFor, modelsFromOpenAIList, openAIChatBody, openAIEmbeddingBody, streamOpenAIChatCall, vectorsFromEmbeddingResponse } from '@/src/providers/openai-chat';
import { ProviderError, type CallOptions, type ChatRequest, type Connection, type EmbedInput, type EmbedResult, type ModelInfo, type ProviderAdapter, type StreamEvent } from '@/src/providers/types';

export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

function invalidSetting(ctx: ErrorContext, message: Phrase): ProviderError {
  return new ProviderError('invalid-request', message, { provider: ctx.provider, retryable: false });
}

/** `https://{resource}.openai.azure.com`, or the base URL setting with any `/openai…` suffix removed. */
export function azureRoot(conn: Connection, ctx: ErrorContext): string {
  const configured = conn.settings.baseUrl?.trim();
  if (configured) return configured.replace(/\/+$/, '').replace(/\/openai(\/v1)?$/, '');
  const origin = azureResourceOrigin(conn.settings.azureResource);
  if (origin === undefined) {
    throw invalidSetting(ctx, phrase('provider_azureNeedsResource'));
  }
  return origin;
}

function deploymentOf(conn: Connection): string | undefined {
  const deployment = conn.settings.azureDeployment?.trim();
  return deployment ? deployment : undefined;
}

function apiVersionOf(conn: Connection): string {
  return conn.settings.azureApiVersion?.trim() || DEFAULT_AZURE_API_VERSION;
}

export function azureChatUrl(conn: Connection, ctx: ErrorContext): string {
  const root = azureRoot(conn, ctx);
  const deployment = deploymentOf(conn);
  return deployment === undefined
    ? `${root}/openai/v1/chat/completions`
    : `${root}/openai/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${encodeURIComponent(apiVersionOf(conn))}`;
}

function keyHeader(conn: Connection): Record<string, string> {
  const key = conn.secret.apiKey?.trim();
  return key ? { 'api-key': key } : {};
}

export const azureOpenAIAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const dialect = { ...dialectFor('azure-openai'), sendModel: deploymentOf(conn) === undefined };
    yield* streamOpenAIChatCall(
      {
        url: azureChatUrl(conn, ctx),
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...keyHeader(conn) },
        body: openAIChatBody(req, dialect),
      },
      ctx,
      opts,
    );
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    const ctx = errorContextFor(conn, undefined, opts.extensionOrigin);
    const root = azureRoot(conn, ctx);
    const deployment = deploymentOf(conn);
    if (deployment === undefined) {
      return modelsFromOpenAIList(await fetchJson({ url: `${root}/openai/v1/models`, headers: keyHeader(conn) }, opts, ctx));
    }
    // Deployments cannot be listed with an API key; listing the resource's models proves the key works.
    await fetchJson({ url: `${root}/openai/models?api-version=${encodeURIComponent(apiVersionOf(conn))}`, headers: keyHeader(conn) }, opts, ctx);
    return [{ id: deployment }];
  },

  /**
   * Embeddings go to a deployment of an embedding model, named by the target's model: on the
   * deployment URL (with the key's api-version) when the key's settings use deployment URLs, else
   * on the v1 URL with the deployment name in the body, as chats do.
   */
  async embed(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
    const ctx = errorContextFor(conn, input.model, opts.extensionOrigin);
    const root = azureRoot(conn, ctx);
    const byDeployment = deploymentOf(conn) !== undefined;
    const url = byDeployment
      ? `${root}/openai/deployments/${encodeURIComponent(input.model)}/embeddings?api-version=${encodeURIComponent(apiVersionOf(conn))}`
      : `${root}/openai/v1/embeddings`;
    const json = await fetchJson({ url, headers: { 'Content-Type': 'application/json', ...keyHeader(conn) }, body: openAIEmbeddingBody(input, 'azure-openai', !byDeployment) }, opts, ctx);
    return vectorsFromEmbeddingResponse(json, ctx, input.texts);
  },
};
