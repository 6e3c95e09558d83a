import { Controller, Get } from '@nestjs/common';
import { type ActiveSession, BrowserApi, CurrentSession } from '@facet/auth';
import { DashboardService } from './dashboard.service';
import type { DashboardView } from './dashboard.view';

@Controller('api/dashboard')
@BrowserApi()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  get(@CurrentSession() session: ActiveSession): Promise<DashboardView> {
    return this.dashboard.load(session.subject);
  }
}
