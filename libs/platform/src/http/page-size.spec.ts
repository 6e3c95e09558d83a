import { IsOptional } from 'class-validator';
import { RequestValidationError, createValidationPipe } from '../errors/validation';
import { IsPageSize } from './page-size';

class ListingQuery {
  @IsOptional()
  @IsPageSize()
  limit?: number;
}

const validate = (limit: string) => createValidationPipe().transform({ limit }, { type: 'query', metatype: ListingQuery });

describe('IsPageSize', () => {
  it('takes 1 to 100 items, as a number', async () => {
    await expect(validate('1')).resolves.toEqual(Object.assign(new ListingQuery(), { limit: 1 }));
    await expect(validate('100')).resolves.toEqual(Object.assign(new ListingQuery(), { limit: 100 }));
  });

  it('refuses anything else, naming the field', async () => {
    for (const bad of ['0', '101', '2.5', 'ten', '']) {
      await expect(validate(bad)).rejects.toThrow(RequestValidationError);
      await expect(validate(bad)).rejects.toMatchObject({ details: { fields: [expect.objectContaining({ field: 'limit' })] } });
    }
  });
});
