import { IsOptional } from 'class-validator';
import { RequestValidationError, createValidationPipe } from '../errors/validation';
import { IsUtcInstant } from './utc-instant';

class ChangedSinceQuery {
  @IsOptional()
  @IsUtcInstant()
  updatedSince?: string;
}

const validate = (updatedSince: unknown) =>
  createValidationPipe().transform({ updatedSince }, { type: 'query', metatype: ChangedSinceQuery });

describe('IsUtcInstant', () => {
  it('takes a UTC date-time, with or without milliseconds', async () => {
    for (const good of ['2026-11-01T00:00:00Z', '2026-11-01T23:59:59.999Z', '2026-11-01T12:00:00.5Z']) {
      await expect(validate(good)).resolves.toEqual(Object.assign(new ChangedSinceQuery(), { updatedSince: good }));
      expect(Number.isNaN(Date.parse(good))).toBe(false);
    }
  });

  it('refuses anything else, naming the field: other zones, dates alone, and ISO-8601 forms Date.parse cannot read', async () => {
    const bad = [
      'yesterday',
      '',
      '2026-11-01',
      '2026-11-01T10:00:00',
      '2026-11-01T10:00:00+02:00',
      '2026-11-01T10',
      '2026-W44',
      '2026-305',
      '20261101T100000Z',
      '2026-02-30T00:00:00Z',
      '2026-11-01 10:00:00Z',
      ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'],
    ];
    for (const value of bad) {
      await expect(validate(value)).rejects.toThrow(RequestValidationError);
      await expect(validate(value)).rejects.toMatchObject({ details: { fields: [expect.objectContaining({ field: 'updatedSince' })] } });
    }
  });
});
