import { MatchesPipe, RequestValidationError } from './validation';

describe('MatchesPipe', () => {
  const pipe = new MatchesPipe(/^o_[0-9]{1,18}$/, 'id', 'id must be an order id such as o_00042');

  it('passes a matching value through', () => {
    expect(pipe.transform('o_00042')).toBe('o_00042');
  });

  it.each(['stats', '../x', '', 'o_', 'o_1 ', undefined, 42])('refuses %p naming the field', (value) => {
    let error: unknown;
    try {
      pipe.transform(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).fields).toEqual([{ field: 'id', problems: ['id must be an order id such as o_00042'] }]);
    expect((error as RequestValidationError).status).toBe(400);
  });
});
