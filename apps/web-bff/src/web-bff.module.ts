import { Module } from '@nestjs/common';
import { BffModule } from '@facet/bff';
import { AuthModule } from './auth/auth.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { OrdersModule } from './orders/orders.module';
import { PassthroughModule } from './passthrough/passthrough.module';
import { ProductsModule } from './products/products.module';
import { WebBffConfig } from './web-bff.config';

@Module({
  imports: [
    BffModule.forRoot({ app: 'web-bff', config: WebBffConfig, auth: { kind: 'session', publicOrigin: (config) => config.WEB_BFF_URL } }),
    AuthModule,
    DashboardModule,
    OrdersModule,
    PassthroughModule,
    ProductsModule,
  ],
})
export class WebBffModule {}
