import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { Public } from '@facet/auth';
import { UpdateFaultsDto } from './admin.dto';
import { FaultInjector, type Faults } from './fault-injector';
import { RequestStats, type RequestStatsSnapshot } from './request-stats';

/** Sandbox controls for tests and demos; registered only when `SANDBOX` is true. */
@Public()
@Controller('__admin/faults')
export class FaultsAdminController {
  constructor(private readonly injector: FaultInjector) {}

  @Get()
  get(): Faults {
    return this.injector.faults;
  }

  @Put()
  update(@Body() changes: UpdateFaultsDto): Faults {
    return this.injector.update(changes);
  }

  @Delete()
  reset(): Faults {
    return this.injector.reset();
  }
}

@Public()
@Controller('__admin/stats')
export class StatsAdminController {
  constructor(private readonly stats: RequestStats) {}

  @Get()
  get(): RequestStatsSnapshot {
    return this.stats.snapshot();
  }

  @Delete()
  reset(): RequestStatsSnapshot {
    return this.stats.reset();
  }
}
