import { scopesByRoute } from '@facet/testing';
import { UsersController } from './users/users.controller';

describe('user-service scopes', () => {
  it('asks users:read of every route', () => {
    expect(scopesByRoute(UsersController)).toEqual({
      'GET /users': ['users:read'],
      'GET /users/:id': ['users:read'],
    });
  });
});
