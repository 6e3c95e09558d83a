import { Pool } from 'undici';
import {
  type HttpTransport,
  MAX_BODY_BYTES,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  parseBody,
} from './http-transport';

/** The default transport: an undici keep-alive pool per service (redirects are never followed; no environment proxy). */
export class UndiciTransport implements HttpTransport {
  private readonly pool: Pool;

  constructor(options: TransportOptions) {
    this.pool = new Pool(options.baseUrl.origin, {
      connections: options.maxSockets,
      keepAliveTimeout: options.idleSocketTimeoutMs,
      maxResponseSize: MAX_BODY_BYTES,
    });
  }

  async request({ method, path, headers, body, signal }: TransportRequest): Promise<TransportResponse> {
    const answer = await this.pool.request({ method: method, path, headers, body, signal });
    // Always read to the end: that returns the connection to the pool.
    return { status: answer.statusCode, headers: answer.headers, data: parseBody(await answer.body.text()) };
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
