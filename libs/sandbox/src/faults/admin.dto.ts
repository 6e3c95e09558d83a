import { IsBoolean, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { MAX_INJECTED_DELAY_MS } from '../config/sandbox.config';

/** `PUT /__admin/faults`: a partial update; properties left out keep their value. */
export class UpdateFaultsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INJECTED_DELAY_MS)
  latencyMs?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INJECTED_DELAY_MS)
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
