import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { firstValueFrom } from 'rxjs';
import {
  type HttpTransport,
  MAX_BODY_BYTES,
  type ResponseHeaders,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  parseBody,
} from './http-transport';

/**
 * The design card's client: @nestjs/axios's HttpService over one axios instance per service, with keep-alive agents
 * bounded like the undici pool. Every status resolves (the service client decides what it means), redirects are
 * not followed, no proxy is taken from the environment, and the body is read as text for the same contract check.
 */
export class AxiosTransport implements HttpTransport {
  private readonly http: HttpService;
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(options: TransportOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, timeout: options.idleSocketTimeoutMs };
    this.agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
    // @nestjs/axios is typed against axios's ES module declarations and this CommonJS build against its CommonJS
    // ones: the same instance, two declarations of it.
    this.http = new HttpService(
      axios.create({
        baseURL: options.baseUrl.origin,
        httpAgent: this.agents.http,
        httpsAgent: this.agents.https,
        maxRedirects: 0,
        proxy: false,
        validateStatus: () => true,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        maxContentLength: MAX_BODY_BYTES,
        maxBodyLength: MAX_BODY_BYTES,
      }) as unknown as ConstructorParameters<typeof HttpService>[0],
    );
  }

  async request({ method, path, headers, body, signal }: TransportRequest): Promise<TransportResponse> {
    const response = await firstValueFrom(this.http.request<string>({ method, url: path, headers, data: body, signal }));
    const answerHeaders: ResponseHeaders = {};
    for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
      if (typeof value === 'string' || Array.isArray(value)) answerHeaders[name.toLowerCase()] = value as string | string[];
      else if (typeof value === 'number' || typeof value === 'boolean') answerHeaders[name.toLowerCase()] = String(value);
    }
    return { status: response.status, headers: answerHeaders, data: parseBody(typeof response.data === 'string' ? response.data : '') };
  }

  close(): Promise<void> {
    this.agents.http.destroy();
    this.agents.https.destroy();
    return Promise.resolve();
  }
}
