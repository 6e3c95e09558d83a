import { ReferenceServiceConfig } from '@facet/sandbox';

export class OrderServiceConfig extends ReferenceServiceConfig {
  override PORT: number = 4001;
}
