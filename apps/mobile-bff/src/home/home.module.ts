import { Module } from '@nestjs/common';
import { AccountOverviewLoader } from '@facet/bff';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';

@Module({
  controllers: [HomeController],
  providers: [HomeService, AccountOverviewLoader],
})
export class HomeModule {}
