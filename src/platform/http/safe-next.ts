// Where a login goes afterwards (`?next=`, a form's `next`): a path of this site only.
// Browsers drop tabs and line breaks from an address and read "\" as "/", so "/\t/evil"
// or "/\evil" would leave the site: a path with any control character, whitespace or
// backslash is refused, as is "//host". Anything refused goes home.
// eslint-disable-next-line no-control-regex
const SAME_SITE_PATH = /^\/(?![/\\])[^\s\\\u0000-\u001f\u007f]*$/;

export const safeNext = (t: string | undefined): string => (typeof t === "string" && t.length <= 600 && SAME_SITE_PATH.test(t) ? t : "/");
