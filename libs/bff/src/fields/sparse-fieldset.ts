import { RequestValidationError } from '@facet/platform';

/** Far more than any view's field list, so only made-up input reaches it. */
const MAX_FIELDS_LENGTH = 1000;

/**
 * `?fields=id,status,total`: the fields of a view a client asks for. Absent means every field; an empty list, an
 * unknown field, a repeated one or an overlong value is a 400 naming the allowed fields.
 */
export function parseFieldset<F extends string>(
  raw: string | undefined,
  allowed: readonly F[],
  param = 'fields',
): readonly F[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
  const problems: string[] = [];
  if (raw.length > MAX_FIELDS_LENGTH) problems.push(`${param} must be at most ${MAX_FIELDS_LENGTH} characters`);
  else if (raw.trim() === '') problems.push(`${param} must name at least one field`);
  else if (unknown.length > 0)
    problems.push(`${param} may only name ${allowed.join(', ')} (got ${unknown.map((name) => JSON.stringify(name)).join(', ')})`);
  else if (new Set(names).size !== names.length) problems.push(`${param} names a field more than once`);
  if (problems.length > 0) throw new RequestValidationError([{ field: param, problems }]);
  return names as F[];
}

/**
 * The view with only the chosen fields, in the view's own order; every field when none were chosen. A view's
 * `degraded` list always stays: it says the answer is partial, which no choice of fields may hide (a client, and the
 * conditional-GET interceptor, would take it for a whole answer and keep it).
 */
export function pickFields<V extends object, F extends keyof V & string>(view: V, fields: readonly F[] | undefined): Partial<V> {
  if (!fields) return view;
  const kept: readonly string[] = [...fields, 'degraded'];
  return Object.fromEntries(Object.entries(view).filter(([key]) => kept.includes(key))) as Partial<V>;
}
