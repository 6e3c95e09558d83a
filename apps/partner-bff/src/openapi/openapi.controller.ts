import { Controller, Get, Injectable } from '@nestjs/common';
import { Public } from '@facet/auth';
import type { OpenAPIObject } from '@nestjs/swagger';

/** The v1 document, generated once at start-up (main.ts) from the running app's routes. */
@Injectable()
export class PublishedDocument {
  private document?: OpenAPIObject;

  publish(document: OpenAPIObject): void {
    this.document = document;
  }

  get(): OpenAPIObject {
    if (!this.document) throw new Error('the OpenAPI document was not published at start-up');
    return this.document;
  }
}

@Controller('v1')
export class OpenApiController {
  constructor(private readonly published: PublishedDocument) {}

  /** The contract, for anyone: partners read it before they have a key. */
  @Get('openapi.json')
  @Public()
  document(): OpenAPIObject {
    return this.published.get();
  }
}
