import { Controller, Get } from '@nestjs/common';
import { BrowserApi, CurrentSession, type SessionPrincipal } from '@facet/auth';
import { DashboardService } from './dashboard.service';
import type { DashboardView } from './dashboard.view';

@Controller('api/dashboard')
@BrowserApi()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  get(@CurrentSession() session: SessionPrincipal): Promise<DashboardView> {
    return this.dashboard.load(session.subject);
  }
}
