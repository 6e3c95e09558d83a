import { Module } from '@nestjs/common';
import { IdempotencyModule, SignedCursorCodec } from '@facet/bff';
import { rotatedSecretsOf } from '@facet/platform';
import { MobileBffConfig } from '../mobile-bff.config';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** Idempotency records live where every replica sees them: Redis when STATE_STORE is `redis`. */
const Idempotency = IdempotencyModule.forRootAsync({
  inject: [MobileBffConfig],
  useFactory: (config: MobileBffConfig) => ({
    store: config.STATE_STORE,
    redisUrl: config.REDIS_URL,
    keyPrefix: `${config.REDIS_KEY_PREFIX}idempotency:`,
  }),
});

@Module({
  imports: [Idempotency],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    {
      provide: SignedCursorCodec,
      inject: [MobileBffConfig],
      useFactory: (config: MobileBffConfig) =>
        SignedCursorCodec.fromSecrets(config.CURSOR_SIGNING_SECRET, rotatedSecretsOf(config.CURSOR_SIGNING_SECRETS_PREVIOUS)),
    },
  ],
})
export class OrdersModule {}
