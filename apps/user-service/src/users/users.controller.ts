import { Controller, Get, Param, Query } from '@nestjs/common';
import { type BearerPrincipal, CurrentPrincipal, RequireScopes } from '@facet/auth';
import { type BatchResult, NoPropertiesPipe, type SeedUser, splitIdList } from '@facet/sandbox';
import { UsersQueryDto } from './users.dto';
import { UsersService } from './users.service';

@Controller('users')
@RequireScopes('users:read')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  batch(@CurrentPrincipal() caller: BearerPrincipal, @Query() query: UsersQueryDto): BatchResult<SeedUser> {
    return this.users.batch(caller, splitIdList(query.ids));
  }

  @Get(':id')
  get(@CurrentPrincipal() caller: BearerPrincipal, @Param('id') id: string, @Query(NoPropertiesPipe) _query: object): SeedUser {
    return this.users.get(caller, id);
  }
}
