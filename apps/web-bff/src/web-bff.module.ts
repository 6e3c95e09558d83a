import { Module } from '@nestjs/common';
import { PlatformModule } from '@facet/platform';
import { AuthModule } from './auth/auth.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { OrdersModule } from './orders/orders.module';
import { PassthroughModule } from './passthrough/passthrough.module';
import { WebBffConfig } from './web-bff.config';

@Module({
  imports: [
    PlatformModule.forRoot({ appName: 'web-bff', config: WebBffConfig }),
    AuthModule,
    DashboardModule,
    OrdersModule,
    PassthroughModule,
  ],
})
export class WebBffModule {}
