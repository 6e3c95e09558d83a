import { Controller, Get, Query } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { Caller, type Principal } from '@facet/platform';
import { SCREEN_SCOPES } from '../scopes';
import { ProfileQueryDto } from './profile.dto';
import { ProfileService } from './profile.service';
import type { ProfileView } from './profile.view';

@Controller('v1/profile')
@RequireScopes(...SCREEN_SCOPES.profile)
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  @Get()
  get(@Caller() caller: Principal, @Query() query: ProfileQueryDto): Promise<Partial<ProfileView>> {
    return this.profile.load(caller.subject, query);
  }
}
