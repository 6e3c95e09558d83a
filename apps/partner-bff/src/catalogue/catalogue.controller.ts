import { Controller, Get, Query, Res } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { nextPageLink } from '@facet/bff';
import { Caller, type Principal } from '@facet/platform';
import type { Response } from 'express';
import type { ContractPage } from '../contract/contract';
import { PARTNER_SCOPES } from '../scopes';
import { ProductFeedQueryDto } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';
import type { PartnerProduct } from './product.view';

@Controller('v1/products')
@RequireScopes(PARTNER_SCOPES.readProducts)
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
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
}
