// Whose device copies these are. The server names the person a page was rendered for
// (data-owner, an opaque key) and keeps a cookie naming whoever is signed in in this browser
// now; the cookie lives exactly as long as the login and is gone once it ends, however it ends.
export const pageOwner = () => document.body.dataset.owner ?? '';
export const ownerHeader = () => document.body.dataset.ownerHeader;

export function signedInOwner() {
  const name = document.body.dataset.ownerCookie;
  if (!name) return '';
  const pair = document.cookie.split('; ').find((cookie) => cookie.startsWith(`${name}=`));
  return pair ? decodeURIComponent(pair.slice(name.length + 1)) : '';
}
