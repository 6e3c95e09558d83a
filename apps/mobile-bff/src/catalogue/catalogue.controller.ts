import { Controller, Get, Param, Query } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { ProductIdPipe } from '@facet/bff';
import { Caller, type Principal } from '@facet/platform';
import { SCREEN_SCOPES } from '../scopes';
import { ProductDetailQueryDto, ProductSearchQueryDto } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';
import type { CategoryListView, ProductDetailView, ProductListView } from './catalogue.view';

@Controller('v1')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('products')
  @RequireScopes(...SCREEN_SCOPES.catalogue)
  search(@Caller() caller: Principal, @Query() query: ProductSearchQueryDto): Promise<ProductListView> {
    return this.catalogue.search(caller.subject, query);
  }

  @Get('products/:id')
  @RequireScopes(...SCREEN_SCOPES.catalogue)
  product(
    @Caller() caller: Principal,
    @Param('id', ProductIdPipe) id: string,
    @Query() query: ProductDetailQueryDto,
  ): Promise<Partial<ProductDetailView>> {
    return this.catalogue.product(caller.subject, id, query);
  }

  @Get('categories')
  @RequireScopes(...SCREEN_SCOPES.categories)
  categories(): Promise<CategoryListView> {
    return this.catalogue.categories();
  }
}
