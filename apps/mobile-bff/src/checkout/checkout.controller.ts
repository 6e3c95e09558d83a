import { Controller, Get, Query } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { Caller, type Principal } from '@facet/platform';
import { SCREEN_SCOPES } from '../scopes';
import { CheckoutQueryDto } from './checkout.dto';
import { CheckoutService } from './checkout.service';
import type { CheckoutView } from './checkout.view';

@Controller('v1/checkout')
@RequireScopes(...SCREEN_SCOPES.checkout)
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  /** A GET, so the screen is cached and revalidated like every other: the cart is in the query. */
  @Get()
  get(@Caller() caller: Principal, @Query() query: CheckoutQueryDto): Promise<Partial<CheckoutView>> {
    return this.checkout.checkout(caller.subject, query);
  }
}
