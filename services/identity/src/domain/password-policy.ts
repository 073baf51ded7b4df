export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

// The most common passwords of public breach lists (lower case); longer ones than the minimum matter here.
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  'qwertyuiop',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou123',
  'qwerty1234',
  'qwerty12345',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'abcdefghij',
  'abc1234567',
  'aaaaaaaaaa',
  '1111111111',
  'letmein123',
  'welcome123',
  'admin12345',
  'administrator',
  'football123',
  'baseball123',
  'sunshine123',
  'princess123',
  'dragon12345',
  'monkey12345',
  'trustno1234',
  'starwars123',
  'changeme123',
  'zaq12wsxcde',
  'asdfghjkl1',
  'zxcvbnm123',
  'qwertyuiop1',
  'superman123',
  'michael123',
  'passwordpassword',
  'bazaar1234',
  'bazaarpassword',
]);

/**
 * NIST SP 800-63B style: length over composition rules, no well-known passwords, nothing derived from the
 * account itself. Returns why a password is weak, or an empty list.
 */
export function passwordWeaknesses(password: string, context: { email: string; name?: string }): string[] {
  const reasons: string[] = [];
  // Compared in the form the hasher sees (NFKC), so full-width look-alikes count as the same letters.
  const lower = password.normalize('NFKC').toLowerCase();
  if ([...password].length < PASSWORD_MIN_LENGTH)
    reasons.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if ([...password].length > PASSWORD_MAX_LENGTH)
    reasons.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (COMMON_PASSWORDS.has(lower)) reasons.push('is a commonly used password');
  // The hash would not tell "secret" from "secret\u0000" (see the password hasher).
  if (password.includes('\u0000')) reasons.push('must not contain the character U+0000');
  if (new Set(password).size < 5) reasons.push('must use at least 5 different characters');
  const localPart = context.email.split('@')[0]?.normalize('NFKC').toLowerCase() ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) reasons.push('must not contain the email address');
  const nameParts = (context.name ?? '').normalize('NFKC').toLowerCase().split(/\s+/);
  if (nameParts.some((part) => part.length >= 3 && lower.includes(part)))
    reasons.push('must not contain the name');
  return reasons;
}
