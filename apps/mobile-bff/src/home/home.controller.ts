import { Controller, Get } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { Caller, type Principal } from '@facet/platform';
import { SCREEN_SCOPES } from '../scopes';
import { HomeService } from './home.service';
import type { HomeView } from './home.view';

@Controller('v1/home')
@RequireScopes(...SCREEN_SCOPES.home)
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  get(@Caller() caller: Principal): Promise<HomeView> {
    return this.home.load(caller.subject);
  }
}
