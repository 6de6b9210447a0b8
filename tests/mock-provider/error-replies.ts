/**
 * The error answers each provider family gives, in their real shapes (from the providers' API docs
 * and the recorded fixtures). `unauthorized` replies echo the key they received, which real providers
 * only do partly: it lets tests prove that no key ever reaches an error message.
 */
import { fixtureText } from './framing.ts';

export type ErrorFamily = 'openai' | 'azure' | 'anthropic' | 'google' | 'cohere' | 'bedrock' | 'ollama';

export type HttpErrorScenario =
  | 'unauthorized'
  | 'forbidden'
  | 'forbidden-empty'
  | 'not-found'
  | 'rate-limited'
  | 'quota'
  | 'overloaded'
  | 'context-too-long'
  | 'server-error'
  /** The provider refuses an image the request carried (each family's own wording). */
  | 'image-refused';

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

function openAIError(status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}): HttpReply {
  return json(status, { error: { message, type, param: null, code } }, headers);
}

function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): HttpReply {
  return json(status, { type: 'error', error: { type, message }, request_id: 'req_011CMockRequest' }, headers);
}

function googleError(status: number, statusName: string, message: string, details: unknown[] = []): HttpReply {
  return json(status, { error: { code: status, message, status: statusName, ...(details.length > 0 ? { details } : {}) } });
}

function bedrockError(status: number, type: string, message: string, headers: Record<string, string> = {}): HttpReply {
  return json(status, { message }, { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, ...headers });
}

export interface ErrorReplyInput {
  family: ErrorFamily;
  scenario: HttpErrorScenario;
  /** The credential the request carried, echoed by `unauthorized`. */
  presentedKey: string;
  model: string;
  retryAfter: string;
}

export function httpErrorReply({ family, scenario, presentedKey, model, retryAfter }: ErrorReplyInput): HttpReply {
  if (scenario === 'forbidden-empty') return { status: 403, headers: {}, body: '' };
  const wait = { 'retry-after': retryAfter };
  switch (family) {
    case 'openai':
    case 'azure':
      switch (scenario) {
        case 'unauthorized':
          return family === 'azure'
            ? json(401, { error: { code: '401', message: `Access denied due to invalid subscription key ${presentedKey} or wrong API endpoint.` } })
            : openAIError(401, `Incorrect API key provided: ${presentedKey}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key');
        case 'forbidden':
          return openAIError(403, 'Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory');
        case 'not-found':
          return openAIError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
        case 'rate-limited':
          return openAIError(429, `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`, 'requests', 'rate_limit_exceeded', wait);
        case 'quota':
          return openAIError(429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota');
        case 'overloaded':
          return openAIError(503, 'The engine is currently overloaded, please try again later', 'server_error', null);
        case 'context-too-long':
          return openAIError(400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130017 tokens. Please reduce the length of the messages.", 'invalid_request_error', 'context_length_exceeded');
        case 'server-error':
          return openAIError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
        case 'image-refused':
          return openAIError(400, 'You uploaded an unsupported image. Please make sure your image is valid.', 'invalid_request_error', 'image_parse_error');
      }
      break;
    case 'anthropic':
      switch (scenario) {
        case 'unauthorized':
          return anthropicError(401, 'authentication_error', `invalid x-api-key ${presentedKey}`);
        case 'forbidden':
          return anthropicError(403, 'permission_error', 'Your API key does not have permission to use the specified resource.');
        case 'not-found':
          return anthropicError(404, 'not_found_error', `model: ${model}`);
        case 'rate-limited':
          return anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.', wait);
        case 'quota':
          return anthropicError(400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.');
        case 'overloaded':
          return anthropicError(529, 'overloaded_error', 'Overloaded');
        case 'context-too-long':
          return anthropicError(400, 'invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum');
        case 'server-error':
          return anthropicError(500, 'api_error', 'Internal server error');
        case 'image-refused':
          return anthropicError(400, 'invalid_request_error', 'messages.0.content.0.image.source.base64: image exceeds 5 MB maximum: 5316852 bytes > 5242880 bytes');
      }
      break;
    case 'google':
      switch (scenario) {
        case 'unauthorized':
          // Gemini answers a bad key with 400, not 401.
          return googleError(400, 'INVALID_ARGUMENT', `API key not valid. Please pass a valid API key. (${presentedKey})`, [
            { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
          ]);
        case 'forbidden':
          return googleError(403, 'PERMISSION_DENIED', 'Permission denied: Consumer has been suspended.');
        case 'not-found':
          return googleError(404, 'NOT_FOUND', `models/${model} is not found for API version v1beta, or is not supported for generateContent.`);
        case 'rate-limited':
          return { status: 429, headers: JSON_TYPE, body: fixtureText('google-429-retry-info.json') };
        case 'quota':
          return googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.');
        case 'overloaded':
          return googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
        case 'context-too-long':
          return googleError(400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).');
        case 'server-error':
          return googleError(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
        case 'image-refused':
          return googleError(400, 'INVALID_ARGUMENT', 'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
      }
      break;
    case 'cohere':
      switch (scenario) {
        case 'unauthorized':
          return json(401, { id: 'mock-1', message: `invalid api token ${presentedKey}` });
        case 'forbidden':
          return json(403, { id: 'mock-2', message: 'Forbidden: this key cannot use this model' });
        case 'not-found':
          return json(404, { id: 'mock-3', message: `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.` });
        case 'rate-limited':
          return json(429, { id: 'mock-4', message: 'You are using a Trial key, which is limited to 20 API calls / minute.' }, wait);
        case 'quota':
          return json(402, { id: 'mock-5', message: 'Please add a payment method to continue.' });
        case 'overloaded':
          return json(503, { id: 'mock-6', message: 'The service is overloaded, please try again later.' });
        case 'context-too-long':
          return json(400, { id: 'mock-7', message: 'too many tokens: total number of tokens in the prompt cannot exceed 256000 - received 300000.' });
        case 'server-error':
          return json(500, { id: 'mock-8', message: 'internal server error, this has been reported to our developers' });
        case 'image-refused':
          return json(400, { id: 'mock-9', message: 'invalid request: invalid image: the image could not be decoded' });
      }
      break;
    case 'bedrock':
      switch (scenario) {
        case 'unauthorized':
          return bedrockError(403, 'UnrecognizedClientException', `The security token included in the request is invalid. (${presentedKey})`);
        case 'forbidden':
          return bedrockError(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.");
        case 'not-found':
          return bedrockError(400, 'ValidationException', 'The provided model identifier is invalid.');
        case 'rate-limited':
          return bedrockError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.', wait);
        case 'quota':
          return bedrockError(429, 'ServiceQuotaExceededException', 'Your request exceeds the service quota for your account.');
        case 'overloaded':
          return bedrockError(503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.');
        case 'context-too-long':
          return bedrockError(400, 'ValidationException', 'Input is too long for requested model.');
        case 'server-error':
          return bedrockError(500, 'InternalServerException', 'The request processing has failed because of an unknown error.');
        case 'image-refused':
          return bedrockError(400, 'ValidationException', "This model doesn't support the image content block that you provided. Try again with a model that supports images.");
      }
      break;
    case 'ollama':
      switch (scenario) {
        case 'unauthorized':
          return json(401, { error: `unauthorized: ${presentedKey}` });
        case 'forbidden':
          return json(403, { error: 'forbidden' });
        case 'not-found':
          return json(404, { error: `model "${model}" not found, try pulling it first` });
        case 'rate-limited':
          return json(429, { error: 'too many requests' }, wait);
        case 'quota':
          return json(402, { error: 'payment required' });
        case 'overloaded':
          return json(503, { error: 'server busy, please try again. maximum pending requests exceeded' });
        case 'context-too-long':
          return json(400, { error: 'the input length exceeds the context length' });
        case 'server-error':
          return json(500, { error: 'llama runner process has terminated: exit status 2' });
        case 'image-refused':
          // Ollama answers an image sent to a model without a vision projector with 500.
          return json(500, { error: 'this model is missing data required for image input' });
      }
      break;
  }
  return json(500, { error: 'mock: unreachable' });
}
