import { Module } from '@nestjs/common';
import { ConfigurableBearerAuthModule } from './bearer-auth.options';
import { BearerAuthGuard } from './bearer-auth.guard';
import { BearerTokenVerifier } from './bearer-token.verifier';

/**
 * Bearer-token authentication for services and BFFs whose clients send JWT access tokens. Configure it with
 * `forRoot(options)` or `forRootAsync({ inject, useFactory })`, then make the guard global:
 * `{ provide: APP_GUARD, useExisting: BearerAuthGuard }`. Registers the `bearer-jwks` readiness check.
 */
@Module({
  providers: [BearerTokenVerifier, BearerAuthGuard],
  exports: [BearerTokenVerifier, BearerAuthGuard],
})
export class BearerAuthModule extends ConfigurableBearerAuthModule {}
