import { IsBoolean, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** `PUT /__admin/faults`: a partial update; properties left out keep their value. */
export class UpdateFaultsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  latencyMs?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  jitterMs?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  errorRate?: number;

  @IsOptional()
  @IsBoolean()
  hang?: boolean;
}
