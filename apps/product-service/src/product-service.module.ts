import { Module } from '@nestjs/common';
import { ReferenceServiceModule } from '@facet/sandbox';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ProductServiceConfig } from './product-service.config';

@Module({
  imports: [ReferenceServiceModule.forRoot({ appName: 'product-service', config: ProductServiceConfig }), CatalogueModule],
})
export class ProductServiceModule {}
