import { Module } from '@nestjs/common';
import { CatalogueSearch } from '@facet/bff';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';

/** The shop: the catalogue page and the product page. */
@Module({
  controllers: [ProductsController],
  providers: [ProductsService, CatalogueSearch],
})
export class ProductsModule {}
