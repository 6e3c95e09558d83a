import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { Downstream } from '../downstream';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [AuthModule, Downstream],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
