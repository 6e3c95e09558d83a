import { CatalogueQueryDto } from '@facet/bff';

/** `GET /api/products`: a page of the catalogue for the shop page, narrowed by text and category. */
export class ProductListQueryDto extends CatalogueQueryDto {}
