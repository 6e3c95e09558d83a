import { Module } from '@nestjs/common';
import { CatalogueService } from './catalogue.service';
import { CategoriesController } from './categories.controller';
import { ProductsController } from './products.controller';

@Module({
  controllers: [ProductsController, CategoriesController],
  providers: [CatalogueService],
})
export class CatalogueModule {}
