import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { OidcProviderModule } from '../provider/oidc-provider.module';
import { FormBodyMiddleware } from './form-body.middleware';
import { InteractionController } from './interaction.controller';
import { InteractionService } from './interaction.service';

@Module({
  imports: [OidcProviderModule, AccountsModule],
  controllers: [InteractionController],
  providers: [InteractionService],
})
export class InteractionModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(FormBodyMiddleware).forRoutes(InteractionController);
  }
}
