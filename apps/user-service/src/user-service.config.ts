import { ReferenceServiceConfig } from '@facet/sandbox';

export class UserServiceConfig extends ReferenceServiceConfig {
  override PORT: number = 4003;
}
