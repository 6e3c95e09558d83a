import { Module } from '@nestjs/common';
import { AccountOverviewLoader } from '@facet/bff';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  controllers: [DashboardController],
  providers: [DashboardService, AccountOverviewLoader],
})
export class DashboardModule {}
