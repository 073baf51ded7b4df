import { Type } from '@sinclair/typebox';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy.js';

// Printable text without control characters; names and emails end up in logs, mails and HTML.
const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]*$';

export const Email = Type.String({ format: 'email', maxLength: 254, examples: ['ann@example.com'] });
export const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
export const Name = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: `${NO_CONTROL_CHARACTERS.slice(0, -2)}*\\S[^\\u0000-\\u001f\\u007f]*$`,
});
export const Role = Type.Union([Type.Literal('customer'), Type.Literal('admin')]);
export const UserId = Type.String({ format: 'uuid' });

export const User = Type.Object({
  id: UserId,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const RegisterBody = Type.Object(
  { email: Email, password: Password, name: Name },
  {
    additionalProperties: false,
    examples: [{ email: 'ann@example.com', password: 'correct horse battery staple', name: 'Ann Lee' }],
  },
);

export const LoginBody = Type.Object(
  { email: Email, password: Password },
  {
    additionalProperties: false,
    examples: [{ email: 'ann@example.com', password: 'correct horse battery staple' }],
  },
);

export const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false, examples: [{ refreshToken: 'rt_3f9c2b7e5a1d4c8e9b6a0f2d7c4e1a8b' }] },
);

export const TokenPair = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
});

export const UserParams = Type.Object({ id: UserId });

export const UserPatch = Type.Object(
  { name: Type.Optional(Name), email: Type.Optional(Email), role: Type.Optional(Role) },
  { additionalProperties: false, minProperties: 1, examples: [{ name: 'Ann Lee-Smith' }] },
);

export const Jwks = Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) });
