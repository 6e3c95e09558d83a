import { MAX_CATALOGUE_SIZE, ReferenceServiceConfig, SEED_PRODUCT_COUNT } from '@facet/sandbox';
import { IsInt, Max, Min } from 'class-validator';

export class ProductServiceConfig extends ReferenceServiceConfig {
  override PORT: number = 4002;

  /**
   * How many products the seeded catalogue holds (`p_0001` …). The first 1,200 are the same whatever the size, and
   * the seeded orders are made of them; a larger catalogue is for export and memory tests.
   */
  @IsInt()
  @Min(1)
  @Max(MAX_CATALOGUE_SIZE)
  CATALOGUE_SIZE: number = SEED_PRODUCT_COUNT;
}
