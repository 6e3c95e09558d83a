import type { Dispatcher } from 'undici';

/**
 * Reads a whole response body: parsed JSON when it is JSON, otherwise the text as is (empty when there is
 * none), so a contract check can say "text, not JSON" rather than failing to parse. The body is always
 * consumed, which returns the connection to the pool.
 */
export async function readBody(body: Dispatcher.ResponseData['body']): Promise<unknown> {
  const text = await body.text();
  if (text.length === 0) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export type ResponseHeaders = Dispatcher.ResponseData['headers'];

export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
