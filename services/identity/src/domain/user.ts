export type Role = 'customer' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

export interface Caller {
  userId: string;
  role: Role;
}

/** Users see themselves; admins see everyone. Anyone else is told the user does not exist. */
export function canAccessUser(caller: Caller, userId: string): boolean {
  return caller.role === 'admin' || caller.userId === userId;
}

export interface UserChanges {
  name?: string;
  email?: string;
  role?: Role;
}

export type ChangeRefusal = 'role-change-needs-admin' | 'own-role-change';

/** Only admins change roles, and never their own (the system must keep an admin who can undo mistakes). */
export function refuseChanges(
  caller: Caller,
  targetId: string,
  changes: UserChanges,
): ChangeRefusal | undefined {
  if (changes.role === undefined) return undefined;
  if (caller.role !== 'admin') return 'role-change-needs-admin';
  if (caller.userId === targetId) return 'own-role-change';
  return undefined;
}
