import type { Pool, Sql } from '@bazaar/postgres';
import type { Role, User, UserChanges } from '../domain/user.js';

const USER_COLUMNS = 'id, email, name, role, created_at AS "createdAt", updated_at AS "updatedAt"';

export interface NewUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

export function usersRepository(db: Pool) {
  return {
    /** `sql` is the caller's transaction when the insert must commit with something else (its event). */
    async insert(user: NewUser, sql: Sql = db): Promise<User> {
      try {
        const [row] = await sql<User[]>`
          INSERT INTO users (id, email, name, role, password_hash)
          VALUES (${user.id}, ${user.email}, ${user.name}, ${user.role}, ${user.passwordHash})
          RETURNING ${sql.unsafe(USER_COLUMNS)}`;
        return row!;
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError(user.email);
        throw error;
      }
    },

    async findById(id: string, sql: Pool = db): Promise<User | undefined> {
      const [row] = await sql<User[]>`SELECT ${sql.unsafe(USER_COLUMNS)} FROM users WHERE id = ${id}`;
      return row;
    },

    async findCredentials(email: string): Promise<(User & { passwordHash: string }) | undefined> {
      const [row] = await db<(User & { passwordHash: string })[]>`
        SELECT ${db.unsafe(USER_COLUMNS)}, password_hash AS "passwordHash" FROM users WHERE email = ${email}`;
      return row;
    },

    async update(id: string, changes: UserChanges, sql: Sql = db): Promise<User | undefined> {
      const set: Record<string, string> = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.email !== undefined) set.email = changes.email;
      if (changes.role !== undefined) set.role = changes.role;
      try {
        const [row] = await sql<User[]>`
          UPDATE users SET ${sql(set)}, updated_at = now() WHERE id = ${id}
          RETURNING ${sql.unsafe(USER_COLUMNS)}`;
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError(changes.email ?? '');
        throw error;
      }
    },

    /** Creates the account or brings it to the given role and password (configuration is the source of truth). */
    async upsertAdmin(user: NewUser, sql: Sql = db): Promise<User & { created: boolean }> {
      const [row] = await sql<(User & { created: boolean })[]>`
        INSERT INTO users (id, email, name, role, password_hash)
        VALUES (${user.id}, ${user.email}, ${user.name}, 'admin', ${user.passwordHash})
        ON CONFLICT (email) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash, updated_at = now()
        RETURNING ${sql.unsafe(USER_COLUMNS)}, (xmax = 0) AS created`;
      return row!;
    },
  };
}
