import { RequestValidationError } from '@facet/platform';
import { parseFieldset, pickFields } from './sparse-fieldset';

const ALLOWED = ['id', 'status', 'total', 'placedAt'] as const;

function problems(raw: string): string[] {
  try {
    parseFieldset(raw, ALLOWED);
  } catch (error) {
    if (error instanceof RequestValidationError) return error.fields.flatMap((field) => field.problems);
    throw error;
  }
  throw new Error(`"${raw}" was accepted`);
}

describe('parseFieldset', () => {
  it('gives every field when the parameter is absent, and the named ones otherwise', () => {
    expect(parseFieldset(undefined, ALLOWED)).toBeUndefined();
    expect(parseFieldset('id,status,total', ALLOWED)).toEqual(['id', 'status', 'total']);
    expect(parseFieldset(' id , total', ALLOWED)).toEqual(['id', 'total']);
  });

  it('refuses an unknown field with a 400 that names the allowed ones', () => {
    expect(problems('id,secret')).toEqual(['fields may only name id, status, total, placedAt (got "secret")']);
    expect(problems('__proto__')).toEqual(['fields may only name id, status, total, placedAt (got "__proto__")']);
  });

  it('refuses an empty list, a repeated field and an overlong value', () => {
    expect(problems('')).toEqual(['fields must name at least one field']);
    expect(problems(',')).toEqual(['fields may only name id, status, total, placedAt (got "", "")']);
    expect(problems('id,id')).toEqual(['fields names a field more than once']);
    expect(problems('id,'.repeat(400))).toEqual(['fields must be at most 1000 characters']);
  });
});

describe('pickFields', () => {
  const view = { id: 'o_1', status: 'placed', total: { amountMinor: 100, currency: 'EUR' }, placedAt: '2026-01-01T00:00:00.000Z' };

  it('keeps only the chosen fields, and everything when none were chosen', () => {
    expect(pickFields(view, ['id', 'total'])).toEqual({ id: 'o_1', total: { amountMinor: 100, currency: 'EUR' } });
    expect(pickFields(view, undefined)).toBe(view);
  });

  it('keeps `degraded` whatever was chosen: a partial answer must say so, or a cache would keep it as whole', () => {
    const partial = { ...view, degraded: [{ part: 'products', reason: 'unavailable' }] };
    expect(pickFields(partial, ['id'])).toEqual({ id: 'o_1', degraded: [{ part: 'products', reason: 'unavailable' }] });
  });
});
