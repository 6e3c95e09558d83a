import { requestContext, inRequest } from '../../test-support/runtime';
import { Credentials, MissingCredential } from './credentials';
import type { ServiceTokenSource } from './service-token';

describe('Credentials', () => {
  const { context, cls } = requestContext();
  const tokens = { token: jest.fn(() => Promise.resolve('service-token')), invalidate: jest.fn() };
  const credentials = new Credentials(context, 'user', tokens as unknown as ServiceTokenSource);

  beforeEach(() => jest.clearAllMocks());

  it('relays the user token from the request context by default', async () => {
    await expect(inRequest(cls, () => credentials.resolve(), { userToken: 'u-token' })).resolves.toEqual({
      token: 'u-token',
      kind: 'user',
    });
  });

  it('never falls back to the service token when the user has none', async () => {
    await expect(inRequest(cls, () => credentials.resolve('user'))).rejects.toBeInstanceOf(MissingCredential);
    await expect(credentials.resolve()).rejects.toBeInstanceOf(MissingCredential);
    expect(tokens.token).not.toHaveBeenCalled();
  });

  it('uses an explicitly passed token, or the service token when asked', async () => {
    await expect(credentials.resolve({ accessToken: 'explicit' })).resolves.toEqual({ token: 'explicit', kind: 'user' });
    await expect(credentials.resolve('service')).resolves.toEqual({ token: 'service-token', kind: 'service' });
  });

  it('forgets a rejected service token but not a user token', () => {
    credentials.rejected({ token: 'u', kind: 'user' });
    expect(tokens.invalidate).not.toHaveBeenCalled();
    credentials.rejected({ token: 'service-token', kind: 'service' });
    expect(tokens.invalidate).toHaveBeenCalledWith('service-token');
  });

  it('keys loaders by identity so answers never cross callers', () => {
    expect(Credentials.key(undefined, 'user')).toBe('user');
    expect(Credentials.key('service', 'user')).toBe('service');
    expect(Credentials.key({ accessToken: 'abc' }, 'user')).toBe('token:abc');
  });
});
