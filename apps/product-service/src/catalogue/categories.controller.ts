import { Controller, Get, Query } from '@nestjs/common';
import { NoPropertiesPipe } from '@facet/sandbox';
import { CatalogueService, type CategorySummary } from './catalogue.service';

@Controller('categories')
export class CategoriesController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  list(@Query(NoPropertiesPipe) _query: object): { items: readonly CategorySummary[] } {
    return { items: this.catalogue.categories() };
  }
}
