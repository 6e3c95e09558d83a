import { Inject, Injectable } from '@nestjs/common';
import { anyBody } from '../contract/decode';
import type { DownstreamServiceName } from '../downstream.options';
import { DownstreamRuntime } from '../downstream.runtime';
import type { HttpMethod, QueryParams } from '../transport/service-client';
import type { CallOptions } from './call-options';

export interface PassThroughResponse {
  status: number;
  /** The backend's JSON body as is: pass-through routes are not mapped to domain models. */
  body: unknown;
}

/**
 * Forwards a call the BFF has allowlisted to a backend service, with the same identity, trace headers and
 * resilience as the typed clients. The BFF decides which routes may pass; this refuses any path that could
 * leave the service's base URL (absolute URLs, `..` segments, encoded traversal).
 */
@Injectable()
export class DownstreamPassThrough {
  constructor(@Inject(DownstreamRuntime) private readonly runtime: DownstreamRuntime) {}

  async passThrough(
    service: DownstreamServiceName,
    method: HttpMethod,
    path: string,
    query?: QueryParams,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<PassThroughResponse> {
    const response = await this.runtime.services[service].send(
      // Routes are labelled by method only: pass-through paths are unbounded and would explode metric labels.
      { method, route: `${method} (pass-through)`, path, query, body, identity: options.identity },
      anyBody,
    );
    return { status: response.status, body: response.body };
  }
}
