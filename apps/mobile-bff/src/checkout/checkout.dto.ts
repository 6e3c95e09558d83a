import { Allow, IsOptional, IsString } from 'class-validator';

/** `GET /v1/checkout`: the cart to price and ship, as the phone holds it. */
export class CheckoutQueryDto {
  /** `p_0001:2,p_0042:1`. Allowed through here and checked whole by parseCart: a 400 naming `items` when it is no cart. */
  @Allow()
  items!: string;

  /** Only these fields of the checkout (see CHECKOUT_FIELDS). */
  @IsOptional()
  @IsString()
  fields?: string;
}
