import { Module } from '@nestjs/common';
import { CatalogueSearch } from '@facet/bff';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';

@Module({
  controllers: [CatalogueController],
  providers: [CatalogueService, CatalogueSearch],
})
export class CatalogueModule {}
