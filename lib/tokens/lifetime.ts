/**
 * The longest a personal access token may live: a leaked one dies within this. Its own module,
 * without zod, so the tokens page can show it without loading the schemas.
 */
export const MAX_TOKEN_DAYS = 90;
