import { Controller, Get, Param, Query } from '@nestjs/common';
import { BrowserApi, CurrentSession, type SessionPrincipal } from '@facet/auth';
import { ProductIdPipe } from '@facet/bff';
import { ProductListQueryDto } from './products.dto';
import { ProductsService } from './products.service';
import type { ProductListView, ProductPageView } from './products.view';

@Controller('api/products')
@BrowserApi()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  list(@CurrentSession() session: SessionPrincipal, @Query() query: ProductListQueryDto): Promise<ProductListView> {
    return this.products.list(session.subject, query);
  }

  @Get(':id')
  page(@CurrentSession() session: SessionPrincipal, @Param('id', ProductIdPipe) id: string): Promise<ProductPageView> {
    return this.products.page(session.subject, id);
  }
}
