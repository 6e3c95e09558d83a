import { IsIdList } from '@facet/sandbox';

/** `GET /users?ids=u_0001,u_0002`. */
export class UsersQueryDto {
  @IsIdList()
  ids!: string;
}
