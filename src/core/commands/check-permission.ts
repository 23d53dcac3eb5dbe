import type { CommandUser } from './command-types.ts';

/**
 * The default permission check. 'anyone' → everyone; 'agent' → a user mapped to a Chatwoot agent,
 * or with the 'agent' or 'admin' role; 'admin' → the 'admin' role; any other name → that role.
 *
 * @example
 * defaultCheckPermission({ id: 'U1', name: 'Ann', roles: [], chatwootAgentId: 3 }, 'agent'); // true
 */
export function defaultCheckPermission(user: CommandUser, permission: string): boolean {
  switch (permission) {
    case 'anyone':
      return true;
    case 'agent':
      return user.chatwootAgentId !== undefined || user.roles.includes('agent') || user.roles.includes('admin');
    default:
      return user.roles.includes(permission);
  }
}
