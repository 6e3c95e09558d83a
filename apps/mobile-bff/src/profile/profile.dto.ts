import { IsOptional, IsString } from 'class-validator';

/** `GET /v1/profile`. */
export class ProfileQueryDto {
  /** Only these fields of the profile (see PROFILE_FIELDS). */
  @IsOptional()
  @IsString()
  fields?: string;
}
