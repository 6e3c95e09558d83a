import { Controller, Get, Param, Query } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import type { Page, Product } from '@facet/domain';
import { type BatchResult, NoPropertiesPipe, splitIdList } from '@facet/sandbox';
import { CatalogueService } from './catalogue.service';
import { ProductsQueryDto } from './products.dto';

@Controller('products')
@RequireScopes('products:read')
export class ProductsController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  list(@Query() query: ProductsQueryDto): BatchResult<Product> | Page<Product> {
    return query.ids === undefined ? this.catalogue.search(query) : this.catalogue.batch(splitIdList(query.ids));
  }

  @Get(':id')
  get(@Param('id') id: string, @Query(NoPropertiesPipe) _query: object): Product {
    return this.catalogue.get(id);
  }
}
