import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { RequestValidationError, createValidationPipe } from './validation';

class LineDto {
  @IsString()
  productId!: string;
}

class ExampleDto {
  @IsOptional()
  @IsString()
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  items?: LineDto[];
}

const pipe = createValidationPipe();
const asQuery = (value: unknown) => pipe.transform(value, { type: 'query', metatype: ExampleDto });
const asBody = (value: unknown) => pipe.transform(value, { type: 'body', metatype: ExampleDto });
const fieldsOf = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RequestValidationError);
  return (error as RequestValidationError).fields.map((problem) => problem.field);
};

describe('the platform validation pipe', () => {
  it('turns valid input into the DTO', async () => {
    await expect(asQuery({ q: 'mug', limit: '5' })).resolves.toEqual(Object.assign(new ExampleDto(), { q: 'mug', limit: 5 }));
  });

  it('refuses unknown keys, naming each', async () => {
    expect(await fieldsOf(asQuery({ q: 'mug', sort: 'price' }))).toEqual(['sort']);
  });

  it("refuses keys named like Object.prototype's members, which class-transformer would drop silently", async () => {
    expect(await fieldsOf(asQuery({ constructor: '1' }))).toEqual(['constructor']);
    expect(await fieldsOf(asQuery({ q: 'mug', toString: 'x', hasOwnProperty: 'y' }))).toEqual(['toString', 'hasOwnProperty']);
    expect(await fieldsOf(asBody({ items: [{ productId: 'p_0001', valueOf: 1 }] }))).toEqual(['items.0.valueOf']);
    expect(await fieldsOf(asBody(JSON.parse('{"__proto__": {"q": 1}}')))).toEqual(['__proto__']);
  });

  it('refuses a query parameter given more than once, naming it once and saying so', async () => {
    const error = await asQuery({ q: 'mug', limit: ['2', '3'] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).fields).toEqual([{ field: 'limit', problems: ['limit must be given once'] }]);
  });

  it('takes lists in a body as they are: only query parameters must be given once', async () => {
    await expect(asBody({ items: [{ productId: 'p_0001' }, { productId: 'p_0002' }] })).resolves.toBeInstanceOf(ExampleDto);
  });

  it('leaves values that are not DTOs alone', async () => {
    await expect(pipe.transform('constructor', { type: 'param', metatype: String })).resolves.toBe('constructor');
  });
});
