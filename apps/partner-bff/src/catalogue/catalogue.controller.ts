import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { RateLimitedAs, nextPageLink } from '@facet/bff';
import { Caller, type Principal } from '@facet/platform';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProductPageSchema, ProductSchema } from '../contract/contract.schema';
import { NDJSON, PartnerRoute, RATE_LIMIT_HEADERS, ndjsonOf } from '../openapi/api-docs.decorators';
import type { ContractPage } from '../contract/contract';
import { PARTNER_SCOPES } from '../scopes';
import { ProductExportQueryDto, ProductFeedQueryDto } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';
import type { PartnerProduct } from './product.view';

@ApiTags('products')
@PartnerRoute()
@Controller('v1/products')
@RequireScopes(PARTNER_SCOPES.readProducts)
export class CatalogueController {
  private readonly logger = new Logger(CatalogueController.name);

  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @ApiOperation({ summary: "A page of the partner's catalogue slice, in id order", operationId: 'listProducts' })
  @ApiOkResponse({
    type: ProductPageSchema,
    headers: { Link: { description: 'The next page: <…>; rel="next"', schema: { type: 'string' } }, ...RATE_LIMIT_HEADERS },
  })
  async feed(
    @Caller() caller: Principal,
    @Query() query: ProductFeedQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractPage<PartnerProduct>> {
    const page = await this.catalogue.feed(caller.subject, query);
    if (page.next_cursor !== null) {
      response.setHeader(
        'Link',
        nextPageLink('/v1/products', { cursor: page.next_cursor, limit: query.limit, updated_since: query.updated_since }),
      );
    }
    return page;
  }

  /**
   * Every product of the partner's slice as NDJSON (`application/x-ndjson`, one product per line), streamed in
   * constant memory: the stream pipeline fetches a backend page only when the client has taken the previous one, and
   * stops fetching when the client goes away. Neither hashed for an ETag nor compressed (which would buffer). A
   * backend failure once streaming has begun aborts the response (no final chunk), so a partner never mistakes a
   * cut-off export for a complete one.
   */
  @Get('export')
  @RateLimitedAs('export')
  @ApiOperation({ summary: "The partner's whole catalogue slice, one product per line", operationId: 'exportProducts' })
  @ApiResponse({
    status: 200,
    description: 'NDJSON: one ProductSchema per line, each line ending in a newline; a cut-off stream has no final chunk',
    headers: RATE_LIMIT_HEADERS,
    content: { [NDJSON]: ndjsonOf(ProductSchema) },
  })
  async export(@Caller() caller: Principal, @Query() query: ProductExportQueryDto, @Res() response: Response): Promise<void> {
    const products = await this.catalogue.export(caller.subject, query);
    response.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    const lines = Readable.from(
      (async function* ndjson() {
        for await (const product of products) yield `${JSON.stringify(product)}\n`;
      })(),
    );
    await pipeline(lines, response).catch((error: unknown) => {
      // The client left, or a backend failed mid-stream: the pipeline has destroyed the response either way.
      this.logger.warn(`export for ${caller.subject} ended early: ${(error as Error).message}`);
    });
  }
}
