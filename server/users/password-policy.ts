// Password rules shared by the server and the browser forms. Kept apart from
// password.ts (node:crypto) so that importing the rule into users.schema.ts does
// not pull a crypto polyfill into the client bundle.
export const MIN_PASSWORD_LENGTH = 12;
