/**
 * `malformed-json`: a 200 whose JSON body breaks off; `changed-shape`: a 200 of valid JSON in a shape no route
 * of the contract answers (a backend deployed with a breaking change).
 */
export const RESPONSE_BODY_FAULTS = ['intact', 'malformed-json', 'changed-shape'] as const;
export type ResponseBodyFault = (typeof RESPONSE_BODY_FAULTS)[number];

export const CORRUPT_BODIES: Record<Exclude<ResponseBodyFault, 'intact'>, string> = {
  'malformed-json': '{"id":"o_0001","items":[{"productId":',
  'changed-shape': '{"apiVersion":2,"result":{"records":[],"next":null}}',
};
