/**
 * `LIKE` patterns that match user text literally. '!' is the escape character: a backslash literal is read
 * differently by MySQL (an escape inside the string) and SQLite (a plain character).
 */
export const LIKE_ESCAPE = "ESCAPE '!'";
const escapeLike = (text: string) => text.replace(/[!%_]/g, '!$&');
export const likePrefix = (text: string) => `${escapeLike(text)}%`;
export const likeContains = (text: string) => `%${escapeLike(text)}%`;
