import { Controller, Get, Query } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { NoPropertiesPipe } from '@facet/sandbox';
import { CatalogueService, type CategorySummary } from './catalogue.service';

@Controller('categories')
@RequireScopes('products:read')
export class CategoriesController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  list(@Query(NoPropertiesPipe) _query: object): { items: readonly CategorySummary[] } {
    return { items: this.catalogue.categories() };
  }
}
