export {
  checkPassword,
  explainPassword,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  type PasswordReason,
  type PasswordVerdict,
} from './password-policy.js';
export { displayNameKey, displayNameProblem, type DisplayNameProblem } from './display-name.js';
