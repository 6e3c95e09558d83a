import { ReferenceServiceConfig } from '@facet/sandbox';

export class ProductServiceConfig extends ReferenceServiceConfig {
  override PORT: number = 4002;
}
